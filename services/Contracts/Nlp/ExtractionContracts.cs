using EdsPlatform.Jobs.Contracts;

namespace EdsPlatform.Nlp.Contracts;

/// <summary>An extraction of the warehouse's notes into NOTE_NLP: for a project (its notes filter) or, by a data steward, the whole warehouse.</summary>
public sealed record ExtractionView(int Id, JobStatus Status, float Progress, Guid? Project, ExtractionResult? Result, string? Error,
    DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt);

/// <param name="Notes">Notes extracted (each once, across takeovers).</param>
/// <param name="Rows">NOTE_NLP rows written for them.</param>
public sealed record ExtractionResult(long Notes, long Rows, string System);

/// <summary>
/// A NOTE_NLP row as a project sees it: the person as the project's pseudonym, the clinical fact (diagnoses, drugs,
/// measurements: never dates or the text around), its concepts and qualifiers.
/// </summary>
public sealed record NoteNlpRow(string Person, DateOnly NoteDate, string Label, string LexicalVariant, int? ConceptId, int? SourceConceptId,
    string? Section, string TermExists, string? TermTemporal, string TermModifiers);

public sealed record NoteNlpRowsPage(int JobId, int Offset, IReadOnlyList<NoteNlpRow> Rows);

/// <summary>A note of the extraction, pseudonymised (identifiers replaced by their labels): the raw text never leaves the warehouse.</summary>
public sealed record PseudonymizedNote(string Person, DateOnly NoteDate, string? Title, string Text);

public sealed record PseudonymizedNotesPage(int JobId, int Offset, IReadOnlyList<PseudonymizedNote> Notes);
