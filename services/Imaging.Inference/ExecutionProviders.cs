using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace EdsPlatform.Imaging.Inference;

/// <summary>Imaging:ExecutionProvider: auto (CUDA when it loads and a device answers, else CPU), cuda (CUDA or the model fails to load), cpu.</summary>
public enum ExecutionProviderChoice
{
    Auto,
    Cuda,
    Cpu,
}

/// <summary>
/// Which ONNX Runtime execution provider this process runs models on, decided once at start and said everywhere
/// (readiness, model metadata, statistics, logs, metrics): a silent fallback from CUDA to CPU is a bug.
/// </summary>
public sealed record ExecutionProviderStatus(string Requested, string Active, string? CudaUnavailableReason)
{
    public const string Cuda = "CUDAExecutionProvider";
    public const string Cpu = "CPUExecutionProvider";

    /// <summary>The active provider when CUDA was required (Imaging:ExecutionProvider=cuda) and is missing: nothing runs.</summary>
    public const string None = "none";

    public bool CudaRequiredButMissing => Active == None;

    public bool UsesCuda => Active == Cuda;

    /// <summary>
    /// Tries the CUDA provider on a throw-away session options object. ONNX Runtime lists CUDA among its available
    /// providers whenever it was compiled in, so appending it (which loads CUDA and cuDNN and opens the device) is the test.
    /// </summary>
    public static ExecutionProviderStatus Probe(ExecutionProviderChoice choice, int deviceId, ILogger logger)
    {
        var requested = choice.ToString().ToLowerInvariant();
        if (choice == ExecutionProviderChoice.Cpu)
        {
            logger.LogInformation("Imaging runs models on {Provider} (Imaging:ExecutionProvider=cpu)", Cpu);
            return new ExecutionProviderStatus(requested, Cpu, "Imaging:ExecutionProvider is cpu");
        }
        string reason;
        try
        {
            using var options = new SessionOptions();
            options.AppendExecutionProvider_CUDA(deviceId);
            logger.LogInformation("Imaging runs models on {Provider}, device {Device}", Cuda, deviceId);
            return new ExecutionProviderStatus(requested, Cuda, null);
        }
        catch (Exception failure) when (failure is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
        {
            reason = failure.Message.Split('\n')[0].Trim();
        }
        if (choice == ExecutionProviderChoice.Cuda)
        {
            logger.LogError("Imaging:ExecutionProvider is cuda but CUDA is unavailable ({Reason}); models will not load", reason);
            return new ExecutionProviderStatus(requested, None, reason);
        }
        logger.LogWarning("Imaging runs models on {Provider}: CUDA is unavailable ({Reason})", Cpu, reason);
        return new ExecutionProviderStatus(requested, Cpu, reason);
    }

    /// <summary>Session options on the active provider; CPU for an instance group of kind KIND_CPU.</summary>
    public SessionOptions CreateSessionOptions(string instanceKind, int deviceId)
    {
        if (CudaRequiredButMissing)
        {
            throw new InvalidOperationException($"CUDA was required (Imaging:ExecutionProvider=cuda) and is unavailable: {CudaUnavailableReason}");
        }
        if (instanceKind == "KIND_GPU" && !UsesCuda)
        {
            throw new InvalidOperationException($"instance_group kind KIND_GPU needs CUDA, which is unavailable: {CudaUnavailableReason}");
        }
        var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        if (UsesCuda && instanceKind != "KIND_CPU")
        {
            options.AppendExecutionProvider_CUDA(deviceId);
        }
        return options;
    }

    public string ProviderFor(string instanceKind) => UsesCuda && instanceKind != "KIND_CPU" ? Cuda : Cpu;
}
