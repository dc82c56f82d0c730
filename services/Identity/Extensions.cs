using EdsPlatform.Identity.Apis;
using EdsPlatform.Identity.Clients;
using EdsPlatform.Identity.Data;
using EdsPlatform.Identity.Keys;
using EdsPlatform.Identity.Seeding;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace EdsPlatform.Identity;

public static class Extensions
{
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<IdentityProviderOptions>().BindConfiguration(IdentityProviderOptions.SectionName)
            .Validate(options => options.AccessTokenLifetimeMinutes > 0 && options.RefreshTokenLifetimeHours > 0 && options.MaxFailedSignIns > 0 && options.LockoutMinutes > 0,
                "Identity: token lifetimes and lockout settings are positive.")
            .ValidateOnStart();

        builder.AddNpgsqlDbContext<IdentityDb>(ResourceNames.IdentityDatabase, configureDbContextOptions: options => options.UseOpenIddict());
        // Cookies and protected keys stay readable across restarts and instances.
        builder.Services.AddDataProtection().SetApplicationName("EdsPlatform.Identity").PersistKeysToDbContext<IdentityDb>();

        builder.Services.AddIdentity<ApplicationUser, IdentityRole>(options =>
            {
                options.Password.RequiredLength = 12;
                options.Password.RequireDigit = true;
                options.Password.RequireLowercase = true;
                options.Password.RequireUppercase = true;
                options.Password.RequireNonAlphanumeric = true;
                options.Lockout.AllowedForNewUsers = true;
                options.User.RequireUniqueEmail = true;
                options.ClaimsIdentity.UserIdClaimType = Claims.Subject;
                options.ClaimsIdentity.UserNameClaimType = Claims.Name;
                options.ClaimsIdentity.RoleClaimType = Claims.Role;
            })
            .AddEntityFrameworkStores<IdentityDb>()
            .AddDefaultTokenProviders();
        // The account and token rules come from the validated "Identity" section, like every other option.
        builder.Services.AddOptions<IdentityOptions>().Configure<IOptions<IdentityProviderOptions>>((options, settings) =>
        {
            options.Lockout.MaxFailedAccessAttempts = settings.Value.MaxFailedSignIns;
            options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(settings.Value.LockoutMinutes);
        });
        builder.Services.AddOptions<OpenIddictServerOptions>().Configure<IOptions<IdentityProviderOptions>>((server, settings) =>
        {
            server.Issuer = settings.Value.Issuer ?? server.Issuer;
            server.AccessTokenLifetime = server.IdentityTokenLifetime = TimeSpan.FromMinutes(settings.Value.AccessTokenLifetimeMinutes);
            server.RefreshTokenLifetime = TimeSpan.FromHours(settings.Value.RefreshTokenLifetimeHours);
        });
        builder.Services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/login";
            options.LogoutPath = "/account/logout";
            options.Cookie.Name = "eds.identity";
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
        });

        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<IdentityDb>())
            .AddServer(server =>
            {
                server.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetEndSessionEndpointUris("connect/logout")
                    .SetUserInfoEndpointUris("connect/userinfo");
                server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange()
                    .AllowRefreshTokenFlow()
                    .AllowClientCredentialsFlow();
                server.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.Roles, Scopes.OfflineAccess, ApiScopes.PlatformApi);
                // Access tokens are signed JWTs that the gateway and services validate with the JWKS alone.
                server.DisableAccessTokenEncryption();
                server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    // TLS terminates in front of the platform (ingress); the services speak HTTP behind it.
                    .DisableTransportSecurityRequirement();
            });
        builder.Services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, KeyRingServerOptions>();
        builder.Services.AddOptions<KeyRingOptions>().BindConfiguration($"{IdentityProviderOptions.SectionName}:Keys").ValidateOnStart();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddScoped<KeyRing>();
        builder.Services.AddScoped<ClientRegistry>();
        builder.Services.AddScoped<AccountSeeder>();
        builder.Services.AddScoped<TokenPrincipals>();
        builder.Services.AddRazorPages();
        return builder;
    }

    /// <summary>Schema, client registry and accounts, before the first request.</summary>
    public static async Task InitialiseStoreAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDb>();
        await db.Database.MigrateAsync();
        await scope.ServiceProvider.GetRequiredService<ClientRegistry>().SynchroniseAsync(CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<AccountSeeder>().SeedAsync();
    }
}
