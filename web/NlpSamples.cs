namespace EdsPlatform.Web;

/// <summary>Reports to try the NLP page with: invented for the project (no real patient), in the hospital's usual shapes.</summary>
public static class NlpSamples
{
    public sealed record Sample(string Key, string Title, string? DocumentType, string Text);

    public static readonly IReadOnlyList<Sample> All =
    [
        new("consultation", "Consultation de néphrologie", null, """
            CONSULTATION DE NÉPHROLOGIE
            Mme LEROUX Marie, née le 02/09/1958, IPP 7003318842, adressée par son médecin traitant.

            MOTIF
            Insuffisance rénale chronique, suivi. Œdèmes des membres inférieurs depuis 10 jours.

            ANTÉCÉDENTS
            Diabète de type 2 depuis 2009. Hypertension artérielle.
            Antécédents familiaux : père dialysé, frère diabétique.

            EXAMEN
            Poids 82 kg. TA 162/88 mmHg. Pas de fièvre. Pas de dyspnée.
            Créatinine 187 µmol/L, kaliémie 5,4 mmol/L.

            CONCLUSION
            Possible néphropathie diabétique. Majoration du furosémide à 80 mg par jour, arrêt de l'ibuprofène.
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
