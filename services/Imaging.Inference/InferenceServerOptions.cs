namespace EdsPlatform.Imaging.Inference;

/// <summary>Section "Imaging": where the model repository is and what runs the models.</summary>
public sealed class InferenceServerOptions
{
    public const string SectionName = "Imaging";

    /// <summary>
    /// The model repository folder (Triton's layout); relative to the service's folder, which holds a copy of the shipped
    /// models. A local run from the AppHost points it at the repository's models/; a deployment may mount its own.
    /// </summary>
    public string ModelRepository { get; set; } = "models";

    public ExecutionProviderChoice ExecutionProvider { get; set; } = ExecutionProviderChoice.Auto;

    /// <summary>The CUDA device models run on.</summary>
    public int DeviceId { get; set; }

    /// <summary>
    /// The queue bound of a model whose configuration sets none (Triton's max_queue_size 0 means unbounded; here a
    /// request past this bound gets 429 rather than memory growing without limit).
    /// </summary>
    public int DefaultMaxQueueSize { get; set; } = 1024;
}
