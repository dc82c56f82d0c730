using EdsPlatform.DataAccess;
using EdsPlatform.Governance.Application;
using EdsPlatform.Governance.Infrastructure;
using EdsPlatform.Postgres;

namespace EdsPlatform.Governance;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GovernanceOptions>().BindConfiguration(GovernanceOptions.SectionName)
            .Validate(options => !string.IsNullOrEmpty(options.AuditKey), "Governance:AuditKey is required.")
            .Validate(options => options.Committee.ApprovalsRequired >= 1, "Governance:Committee:ApprovalsRequired is at least 1.")
            .ValidateOnStart();
        builder.AddNpgsqlDataSource(ResourceNames.GovernanceDatabase);
        builder.AddPlatformRedis();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(GovernanceMigrations.Set);
        builder.Services.AddSingleton<SchemaMigrator>();
        builder.Services.AddSingleton<AuditChain>();
        builder.Services.AddSingleton<AuditWriter>();
        builder.Services.AddHostedService(services => services.GetRequiredService<AuditWriter>());
        builder.Services.AddSingleton<RequestStore>();
        builder.Services.AddSingleton<GrantPublisher>();
        builder.Services.AddHostedService<GrantHeartbeat>();
        builder.Services.AddSingleton<RequestCommands>();
        builder.Services.AddHostedService<ExpirySweeper>();
        return builder;
    }
}
