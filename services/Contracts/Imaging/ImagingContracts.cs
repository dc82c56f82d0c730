using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdsPlatform.Imaging.Contracts;

/// <summary>The Open Inference Protocol's JSON: snake_case (model_name, inference_count …), as Triton and KServe write it.</summary>
public static class KServeJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>The execution provider models run on, and why CUDA is not used when it is not.</summary>
public sealed record ProviderView(string Requested, string Active, string? CudaUnavailableReason);

/// <summary>GET v2: the server, the protocol extensions it implements, its provider and readiness.</summary>
public sealed record ServerMetadata(string Name, string Version, IReadOnlyList<string> Extensions, ProviderView ExecutionProvider, bool Ready);

public sealed record TensorMetadata(string Name, string Datatype, IReadOnlyList<long> Shape);

/// <summary>GET v2/models/{m}[/versions/{v}]: the protocol's fields, plus the provider, state and batching settings.</summary>
public sealed record ModelMetadata(string Name, IReadOnlyList<string> Versions, string Platform, IReadOnlyList<TensorMetadata> Inputs,
    IReadOnlyList<TensorMetadata> Outputs, string Provider, string State, int MaxBatchSize, bool DynamicBatching, int Instances);

/// <summary>A model's state in the repository index (READY, UNAVAILABLE, LOADING, UNLOADING), with why it is not ready.</summary>
public sealed record RepositoryEntry(string Name, IReadOnlyList<long> Versions, string State, string? Reason);

/// <summary>GET /api/imaging/models: each model of the repository, its state and what it has run (for the web page).</summary>
public sealed record ModelSummary(string Name, IReadOnlyList<long> Versions, string State, string? Reason, string? Provider, int MaxBatchSize, bool DynamicBatching,
    long InferenceCount, long ExecutionCount);

/// <summary>A count and the nanoseconds it took, as Triton's statistics extension reports them.</summary>
public sealed record StatDuration(long Count, long Ns);

public sealed record InferenceStats(StatDuration Success, StatDuration Fail, StatDuration Queue, StatDuration ComputeInfer);

public sealed record BatchStats(int BatchSize, StatDuration ComputeInfer);

/// <summary>
/// One model version's statistics in Triton's shape: requests that succeeded or failed, time queued and computing,
/// inference_count (rows) against execution_count (batches run): their ratio is the mean batch size.
/// </summary>
public sealed record ModelStats(string Name, string Version, string Provider, long LastInference, long InferenceCount, long ExecutionCount,
    InferenceStats InferenceStats, IReadOnlyList<BatchStats> BatchStats);

public sealed record ModelStatsResponse(IReadOnlyList<ModelStats> ModelStats);

/// <summary>What a DICOM instance of an analysed study is (header summary, no pixel data).</summary>
public sealed record DicomSummary(string? PatientId, string? StudyInstanceUid, string? SeriesInstanceUid, string? SopInstanceUid, string? Modality,
    string? BodyPartExamined, string? SeriesDescription, string TransferSyntax, int Rows, int Columns, int Frames, string? PhotometricInterpretation, int BitsStored);

/// <param name="Probability">After the model's post-processing (softmax or sigmoid).</param>
/// <param name="Positive">At or above the model's threshold (the highest class when it has none).</param>
public sealed record StudyFinding(string Label, double Probability, bool Positive);

/// <summary>One model run on one instance of the study: the model's name, version and provider travel with its findings.</summary>
public sealed record ModelRun(string Model, string Version, string Provider, string? SopInstanceUid, IReadOnlyList<StudyFinding> Findings);

/// <summary>
/// POST /api/imaging/studies: each instance's header, the models that matched its series and their findings, a
/// windowed PNG preview of the first image, and the DICOM Structured Report of the results (base64).
/// </summary>
public sealed record StudyAnalysis(IReadOnlyList<DicomSummary> Instances, IReadOnlyList<ModelRun> Runs, IReadOnlyList<string> ModelsNotMatched,
    string? PreviewPng, string? StructuredReport);

/// <summary>A model run over a project's imaging studies (IMAGE_OCCURRENCE, of a cohort's members when given), as a job.</summary>
public sealed record ModelRunView(int Id, EdsPlatform.Jobs.Contracts.JobStatus Status, float Progress, Guid? Project, ModelRunResult? Result, string? Error,
    DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt);

/// <param name="Studies">Studies in scope, read.</param>
/// <param name="Analysed">Studies whose series matched the model's selection, analysed and written to IMAGE_FEATURE.</param>
/// <param name="NotMatching">Studies of other modalities or body parts.</param>
/// <param name="Positive">Analysed studies with a positive finding (small counts shown as "&lt;10").</param>
/// <param name="PersonsPositive">Persons with a positive study (small counts shown as "&lt;10").</param>
public sealed record ModelRunResult(string Model, string Version, string Provider, int? Cohort, long Studies, long Analysed, long NotMatching, long Unreadable,
    EdsPlatform.Contracts.ShownCount Positive, EdsPlatform.Contracts.ShownCount PersonsPositive);

public sealed record ModelRunMembersPage(int JobId, int Offset, IReadOnlyList<string> Persons);
