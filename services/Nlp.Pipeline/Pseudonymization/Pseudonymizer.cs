using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EdsPlatform.Nlp.Pipeline.Extraction;
using EdsPlatform.Nlp.Pipeline.Text;

namespace EdsPlatform.Nlp.Pipeline.Pseudonymization;

public enum PseudonymizationMode
{
    /// <summary>Each identifier becomes its label: &lt;NOM&gt;, &lt;DATE&gt; …</summary>
    Tags,
    /// <summary>Each identifier becomes a plausible stand-in, the same one for the same value throughout the document;
    /// dates move by one offset so that intervals survive.</summary>
    Surrogates,
}

public sealed record PseudonymizedText(IReadOnlyList<Identifier> Entities, string Text, int? DateShiftDays);

/// <summary>Replaces the identifiers of a document, as tags or as consistent surrogates.</summary>
public sealed class Pseudonymizer(IdentifierFinder finder)
{
    private static readonly string[] SurrogateSurnames = ["Bernard", "Moreau", "Laurent", "Girard", "Bonnet", "Dupuis", "Lambert", "Fontaine", "Chevalier", "Robin", "Masson", "Sanchez", "Gauthier", "Perrin", "Morel", "Mercier", "Blanchard", "Guerin", "Boyer", "Garnier", "Faure", "Andre", "Rousseau", "Vincent", "Leclerc", "Lefevre", "Roussel", "Marchand", "Duval", "Denis"];
    private static readonly string[] SurrogateFirstNames = ["Camille", "Claude", "Dominique", "Alex", "Sacha", "Lou", "Maxime", "Morgan", "Charlie", "Yannick", "Andrea", "Eden", "Noa", "Jordan", "Lilou", "Gael", "Celian", "Elie", "Ange", "Stephane"];
    private static readonly string[] SurrogateTowns = ["Valmont", "Beaulieu", "Saint-Aubin", "Montfort", "Villeneuve", "Belleville", "Fontenay", "Rochefort", "Clairval", "Mirande"];
    private static readonly string[] SurrogateStreets = ["rue des Lilas", "avenue des Tilleuls", "rue du Moulin", "chemin des Vignes", "place de la Fontaine", "boulevard des Acacias"];
    private static readonly string[] SurrogateHospitals = ["Hôpital Sainte-Claire", "Centre hospitalier de Valmont", "Clinique des Tilleuls", "CHU de Beaulieu"];

    public PseudonymizedText Pseudonymize(ClinicalText text, PseudonymizationMode mode, int? dateShiftDays = null)
    {
        var identifiers = finder.Find(text);
        var shift = mode == PseudonymizationMode.Surrogates ? dateShiftDays ?? RandomShift() : (int?)null;
        var salt = RandomNumberGenerator.GetInt32(int.MaxValue);
        var surrogates = new Dictionary<(string Label, string Value), string>();
        var output = new StringBuilder(text.Text.Length);
        var position = 0;
        foreach (var identifier in identifiers)
        {
            output.Append(text.Text, position, identifier.Start - position);
            output.Append(mode == PseudonymizationMode.Tags
                ? $"<{identifier.Label}>"
                : Surrogate(identifier, text.NoteDate, shift!.Value, salt, surrogates));
            position = identifier.End;
        }
        output.Append(text.Text, position, text.Text.Length - position);
        return new PseudonymizedText(identifiers, output.ToString(), shift);
    }

    /// <summary>One offset per document, never zero, within a year either way.</summary>
    private static int RandomShift() => RandomNumberGenerator.GetInt32(1, 366) * (RandomNumberGenerator.GetInt32(2) == 0 ? -1 : 1);

    private static string Surrogate(Identifier identifier, DateOnly note, int shift, int salt, Dictionary<(string, string), string> surrogates)
    {
        var key = (identifier.Label, Folding.Fold(identifier.Text));
        if (surrogates.TryGetValue(key, out var known))
        {
            return known;
        }
        var hash = (int)((uint)HashCode.Combine(salt, key.Item2) % int.MaxValue);
        var value = identifier.Label switch
        {
            IdentifierLabels.Nom => Cased(identifier.Text, Pick(SurrogateSurnames, hash, surrogates.Values)),
            IdentifierLabels.Prenom => Cased(identifier.Text, Pick(SurrogateFirstNames, hash, surrogates.Values)),
            IdentifierLabels.Date or IdentifierLabels.DateNaissance => ShiftDate(identifier.Text, note, shift),
            IdentifierLabels.Ville => Pick(SurrogateTowns, hash, surrogates.Values),
            IdentifierLabels.Adresse => $"{hash % 90 + 1} {Pick(SurrogateStreets, hash, surrogates.Values)}",
            IdentifierLabels.Hopital => Pick(SurrogateHospitals, hash, surrogates.Values),
            IdentifierLabels.Mail => $"{Pick(SurrogateFirstNames, hash, []).ToLowerInvariant()}.{Pick(SurrogateSurnames, hash / 7, []).ToLowerInvariant()}@exemple.fr",
            IdentifierLabels.Secu => Nir.WithKey($"{1 + hash % 2}{Digits(hash, 12)}"),
            _ => SameShapeDigits(identifier.Text, hash),
        };
        surrogates[key] = value;
        return value;
    }

    private static string Pick(string[] pool, int hash, IEnumerable<string> taken)
    {
        var used = taken.ToHashSet();
        for (var i = 0; i < pool.Length; i++)
        {
            var candidate = pool[(hash + i) % pool.Length];
            if (!used.Contains(candidate))
            {
                return candidate;
            }
        }
        return pool[hash % pool.Length];
    }

    private static string Cased(string original, string surrogate) => original.Length > 1 && original.All(c => !char.IsLetter(c) || char.IsUpper(c)) ? surrogate.ToUpperInvariant() : surrogate;

    /// <summary>Digits replaced by others (separators kept), so that a phone number still looks like one.</summary>
    private static string SameShapeDigits(string original, int hash)
    {
        var random = new Random(hash);
        var chars = original.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsDigit(chars[i]) && !(i == 0 && chars[i] == '0'))
            {
                chars[i] = (char)('0' + random.Next(10));
            }
        }
        return new string(chars);
    }

    private static string Digits(int hash, int count)
    {
        var random = new Random(hash);
        return string.Concat(Enumerable.Range(0, count).Select(_ => random.Next(10)));
    }

    private static string ShiftDate(string original, DateOnly note, int shift)
    {
        var dates = DateExtractor.Extract(original, note);
        if (dates.Count == 0 || dates[0].Resolved is not { } resolved)
        {
            return "<DATE>";
        }
        var parts = resolved.Split('-');
        var date = DateResolution.Parse(resolved)!.Value.AddDays(shift);
        var french = CultureInfo.GetCultureInfo("fr-FR");
        return parts.Length switch
        {
            1 => date.Year.ToString(CultureInfo.InvariantCulture),
            2 => date.ToString("MMMM yyyy", french),
            _ when original.Contains('/', StringComparison.Ordinal) => date.ToString(original.Trim().Length <= 8 ? "dd/MM/yy" : "dd/MM/yyyy", CultureInfo.InvariantCulture),
            _ when original.Contains('.', StringComparison.Ordinal) => date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture),
            _ when char.IsDigit(original[0]) && original.Length == 10 && original[4] == '-' => DateResolution.Format(date),
            _ => date.ToString("d MMMM yyyy", french),
        };
    }
}
