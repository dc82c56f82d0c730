using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdsPlatform.Nlp.Tests.Evaluation;

/// <summary>The project's own evaluation files (Evaluation/), written independently of the pipeline's code.</summary>
public static class Gold
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { NumberHandling = JsonNumberHandling.AllowReadingFromString };

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Evaluation");

    public static IReadOnlyList<QualifierCase> Qualifiers() =>
        File.ReadLines(Path.Combine(Folder, "qualifiers.jsonl")).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<QualifierCase>(l, Json)!).ToList();

    public static IReadOnlyList<GoldDocument> Documents() =>
        Directory.GetFiles(Path.Combine(Folder, "documents"), "*.json").Order(StringComparer.Ordinal)
            .Select(f => JsonSerializer.Deserialize<GoldDocument>(File.ReadAllText(f), Json)!).ToList();

    /// <summary>Where the <paramref name="occurrence"/>-th (1-based) exact occurrence of <paramref name="span"/> starts.</summary>
    public static int Offset(string text, string span, int occurrence)
    {
        var at = -1;
        for (var i = 0; i < Math.Max(1, occurrence); i++)
        {
            at = text.IndexOf(span, at + 1, StringComparison.Ordinal);
            if (at < 0)
            {
                throw new InvalidDataException($"'{span}' does not occur {occurrence} times in: {text}");
            }
        }
        return at;
    }
}

public sealed record QualifierCase(string Id, string Text, string Span, int Occurrence, string NoteDate, bool Negated, bool Hypothesis, bool Family, bool History, bool ReportedSpeech, string? Trap);

public sealed record GoldDocument(string Id, string DocumentType, string NoteDate, string Text, List<GoldEntity> Entities, List<GoldIdentifier> Pseudo, Dictionary<string, bool>? Template);

public sealed record GoldEntity(string Label, string Text, int Occurrence, string? Cim10, string? Atc, string? Assertion, string? Resolved, JsonElement? Value, string? Unit, string? Dose, string? Frequency);

public sealed record GoldIdentifier(string Label, string Text, int Occurrence);
