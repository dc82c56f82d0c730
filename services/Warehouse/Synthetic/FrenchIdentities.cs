namespace EdsPlatform.Warehouse.Synthetic;

/// <summary>
/// Invented people, places and phone numbers for the synthetic documents: the identifiers the
/// pseudonymisation pipeline has to find (names, dates, phones, addresses, IPP, NIR-like numbers).
/// </summary>
internal static class FrenchIdentities
{
    public static readonly string[] FemaleFirstNames =
        ["Marie", "Jeanne", "Françoise", "Monique", "Catherine", "Nathalie", "Isabelle", "Sylvie", "Sophie", "Camille", "Chloé", "Léa", "Manon", "Inès", "Émilie", "Hélène", "Aurélie", "Claire"];

    public static readonly string[] MaleFirstNames =
        ["Jean", "Pierre", "Michel", "André", "Philippe", "Alain", "Nicolas", "Christophe", "Laurent", "Thomas", "Lucas", "Hugo", "Louis", "Mathieu", "François", "Julien", "Antoine", "Benoît"];

    public static readonly string[] LastNames =
        ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas", "Perrin"];

    public static readonly string[] Streets =
        ["rue de la République", "avenue Jean Jaurès", "boulevard Pasteur", "rue Victor Hugo", "place de la Mairie", "chemin des Vignes", "rue des Lilas", "allée des Tilleuls"];

    public static readonly (string City, string PostCode)[] Cities =
        [("Lyon", "69003"), ("Villeurbanne", "69100"), ("Bron", "69500"), ("Vénissieux", "69200"), ("Caluire-et-Cuire", "69300"), ("Écully", "69130"), ("Givors", "69700"), ("Vienne", "38200")];

    public static string Phone(Random random, bool mobile) =>
        $"0{(mobile ? random.Next(6, 8) : random.Next(1, 6))} {random.Next(10, 100)} {random.Next(10, 100)} {random.Next(10, 100)} {random.Next(10, 100)}";

    public static string Pick(this Random random, string[] values) => values[random.Next(values.Length)];
}
