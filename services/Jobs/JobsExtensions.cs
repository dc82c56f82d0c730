using EdsPlatform.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace EdsPlatform.Jobs;

public static class JobsExtensions
{
    /// <summary>
    /// A job queue for the service <paramref name="service"/>: its table in schema "&lt;service&gt;_jobs" of the service's
    /// database (migrated with the service's other sets; register this first), options from "&lt;section&gt;:Jobs", and,
    /// unless RunWorker is off, a worker in this process running <typeparamref name="THandler"/>. Needs an NpgsqlDataSource.
    /// </summary>
    public static IHostApplicationBuilder AddJobQueue<THandler>(this IHostApplicationBuilder builder, string service, string section)
        where THandler : class, IJobHandler
    {
        var schema = service + "_jobs";
        builder.Services.AddOptions<JobQueueOptions>().BindConfiguration(section + ":Jobs")
            .Validate(options => options.JobTimeout > TimeSpan.Zero && options.StaleAfter > TimeSpan.Zero && options.MaxAttempts > 0 && options.MaxActiveJobsPerUser > 0,
                $"{section}:Jobs: time limits and counts are positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton(new MigrationSet(typeof(JobQueue).Assembly, "EdsPlatform.Jobs.Migrations.", schema, AdvisoryLockKey(schema)));
        builder.Services.AddSingleton(services => new JobQueue(services.GetRequiredService<NpgsqlDataSource>(), schema));
        builder.Services.AddSingleton<THandler>();
        if (builder.Configuration.GetValue($"{section}:Jobs:RunWorker", defaultValue: true))
        {
            builder.Services.AddHostedService<JobWorker<THandler>>();
        }
        return builder;
    }

    /// <summary>A stable lock key per job schema, so that replicas migrate it once.</summary>
    private static long AdvisoryLockKey(string schema) =>
        BitConverter.ToInt64(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("eds-jobs:" + schema)));
}
