using EdsPlatform.DataAccess;
using EdsPlatform.Imaging.Apis;
using EdsPlatform.Imaging.Inference;
using EdsPlatform.Imaging.Studies;
using EdsPlatform.Imaging.Warehouse;
using EdsPlatform.Jobs;
using EdsPlatform.Postgres;
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
            .Validate(o => o.MaxFilesPerStudy > 0 && o.MaxStudyBytes > 0 && o.RunBatchSize is > 0 and <= 1_000, "Imaging: study limits are positive, RunBatchSize 1 to 1,000.")
            .ValidateOnStart();
        // A study upload may be large: the body and multipart limits follow Imaging:MaxStudyBytes (the gateway bounds it too, per route).
        var maxStudyBytes = builder.Configuration.GetValue(ImagingOptions.SectionName + ":" + nameof(ImagingOptions.MaxStudyBytes), new ImagingOptions().MaxStudyBytes);
        builder.Services.Configure<FormOptions>(form => form.MultipartBodyLengthLimit = maxStudyBytes);
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = maxStudyBytes);
        builder.AddDataAccess(source: ResourceNames.Imaging);
        // Model runs over the warehouse's studies run as jobs (table imaging_jobs.jobs), writing IMAGE_FEATURE with the service's own login.
        builder.AddJobQueue<ModelRunJobHandler>(service: ResourceNames.Imaging, section: ImagingOptions.SectionName);
        builder.Services.AddSingleton(ImagingMigrations.Set);
        builder.Services.AddSingleton<SchemaMigrator>();
        builder.Services.AddSingleton<StudyArchive>();
        builder.Services.AddSingleton<ImagingMetrics>();
        builder.Services.AddSingleton<InferenceServer>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<StudyAnalyzer>();
        builder.Services.AddExceptionHandler<ImagingProblems>();
        return builder;
    }
}
