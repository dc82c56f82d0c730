namespace EdsPlatform.Web;

/// <summary>Reports to try the NLP page with: invented for the project (no real patient), in the hospital's usual shapes.</summary>
public static class NlpSamples
{
    public sealed record Sample(string Key, string Title, string? DocumentType, string Text);

    public static readonly IReadOnlyList<Sample> All =
    [
        new("consultation", "Consultation de cardiologie", null, """
            COMPTE RENDU DE CONSULTATION
            Patient : DUPONT Jean, né le 14/02/1951. IPP : 8004512397. Tél : 06 12 34 56 78.

            MOTIF
            Dyspnée d'effort depuis 3 semaines.

            ANTÉCÉDENTS
            HTA. Infarctus du myocarde en 2015.
            Antécédents familiaux : mère diabétique.

            EXAMEN CLINIQUE
            TA 178/96 mmHg. Pas de fièvre ni de toux. Suspicion d'insuffisance cardiaque.

            TRAITEMENT DE SORTIE
            Ramipril 5 mg 1/j. Furosémide 40 mg le matin pendant 7 jours.
            """),
        new("irm", "IRM cérébrale", "irm_cerebrale", """
            IRM CÉRÉBRALE
            Indication : céphalées inhabituelles depuis 10 jours chez une patiente de 45 ans. Pas de déficit.
            Technique : séquences T1, T2 FLAIR, diffusion, T1 après injection de gadolinium.
            Résultats : pas de lésion ischémique récente. Méningiome frontal droit de 12 mm, stable par rapport à l'examen du 03/05/2022.
            Conclusion : méningiome frontal droit stable. Pas d'anomalie récente.
            Dr Martin, radiologue, CHU de Rennes.
            """),
    ];
}
