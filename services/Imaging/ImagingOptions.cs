namespace EdsPlatform.Imaging;

/// <summary>Section "Imaging", the service's own settings (the inference server's are <see cref="Inference.InferenceServerOptions"/>, same section).</summary>
public sealed class ImagingOptions
{
    public const string SectionName = "Imaging";

    /// <summary>The most DICOM files one study upload may hold (the gateway bounds its size).</summary>
    public int MaxFilesPerStudy { get; set; } = 500;

    /// <summary>The largest study upload, in bytes (the gateway's route allows the same).</summary>
    public long MaxStudyBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>The folder IMAGE_OCCURRENCE.local_path is relative to (the synthetic hospital's studies need none).</summary>
    public string? ArchiveFolder { get; set; }

    /// <summary>Studies analysed per transaction of a model run (their IMAGE_FEATURE rows and the checkpoint commit together).</summary>
    public int RunBatchSize { get; set; } = 64;
}
