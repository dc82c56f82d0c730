using EdsPlatform.Postgres;

namespace EdsPlatform.Nlp.Extraction;

/// <summary>The NLP service's own tables in omopdb (schema nlp), next to the notes it reads and the NOTE_NLP rows it writes.</summary>
public static class NlpMigrations
{
    public static MigrationSet Set { get; } = new(
        typeof(NlpMigrations).Assembly, "EdsPlatform.Nlp.Extraction.Migrations.", "nlp", advisoryLockKey: 0x4544_534E_4C50); // "EDSNLP"
}
