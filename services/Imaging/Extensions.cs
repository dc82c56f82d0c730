using EdsPlatform.DataAccess;
using EdsPlatform.Imaging.Apis;
using EdsPlatform.Imaging.Inference;
using EdsPlatform.Imaging.Studies;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace EdsPlatform.Imaging;

public static class Extensions
{
    /// <summary>The inference server over the model repository, study analysis, and access control for the warehouse's studies.</summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<InferenceServerOptions>().BindConfiguration(InferenceServerOptions.SectionName)
            .Validate(o => !string.IsNullOrWhiteSpace(o.ModelRepository) && o.DefaultMaxQueueSize is > 0 and <= 100_000 && o.DeviceId >= 0,
                "Imaging: ModelRepository is a folder, DefaultMaxQueueSize 1 to 100,000, DeviceId ≥ 0.")
            .ValidateOnStart();
        builder.Services.AddOptions<ImagingOptions>().BindConfiguration(ImagingOptions.SectionName)
            .Validate(o => o.MaxFilesPerStudy > 0 && o.MaxStudyBytes > 0, "Imaging: study limits are positive.")
            .ValidateOnStart();
        // A study upload may be large: the body and multipart limits follow Imaging:MaxStudyBytes (the gateway bounds it too, per route).
        var maxStudyBytes = builder.Configuration.GetValue(ImagingOptions.SectionName + ":" + nameof(ImagingOptions.MaxStudyBytes), new ImagingOptions().MaxStudyBytes);
        builder.Services.Configure<FormOptions>(form => form.MultipartBodyLengthLimit = maxStudyBytes);
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = maxStudyBytes);
        builder.AddDataAccess(source: ResourceNames.Imaging);
        builder.Services.AddSingleton<ImagingMetrics>();
        builder.Services.AddSingleton<InferenceServer>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<StudyAnalyzer>();
        builder.Services.AddExceptionHandler<ImagingProblems>();
        return builder;
    }
}
