using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>The platform's roles, as the identity provider puts them in tokens.</summary>
public static class PlatformRoles
{
    public const string Researcher = "researcher";
    public const string CommitteeMember = "committee-member";
    public const string DataSteward = "data-steward";
    public const string Admin = "admin";

    /// <summary>Carried by the platform's own services (client credentials), never by a person.</summary>
    public const string PlatformService = "platform-service";

    public static readonly IReadOnlyList<string> All = [Researcher, CommitteeMember, DataSteward, Admin];
}

/// <summary>Authorisation policies by name, shared by the gateway's routes and the services' endpoints.</summary>
public static class PlatformPolicies
{
    public const string SignedIn = "signed-in";
    public const string Researcher = "researcher";
    public const string CommitteeMember = "committee-member";
    public const string DataSteward = "data-steward";
    public const string Admin = "admin";
    public const string PlatformService = "platform-service";
}

public static class AuthenticationExtensions
{
    /// <summary>The audience of access tokens for the platform's APIs.</summary>
    public const string PlatformAudience = "eds-api";

    /// <summary>
    /// JWT bearer validation against the identity provider (Identity:Url): signature from its JWKS, issuer,
    /// audience "eds-api", lifetime, and token type (an ID token is not an access token). Failures answer
    /// RFC 7807 problem details. Does nothing when Identity:Url is not configured.
    /// </summary>
    public static IHostApplicationBuilder AddDefaultAuthentication(this IHostApplicationBuilder builder)
    {
        var identityUrl = builder.Configuration["Identity:Url"];
        if (string.IsNullOrEmpty(identityUrl))
        {
            return builder;
        }
        var clockSkew = TimeSpan.FromSeconds(builder.Configuration.GetValue("Authentication:ClockSkewSeconds", 30));
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.Authority = identityUrl;
                options.Audience = PlatformAudience;
                // Inside the platform the provider is reached over plain HTTP; TLS ends at the ingress.
                options.RequireHttpsMetadata = identityUrl.StartsWith("https:", StringComparison.OrdinalIgnoreCase);
                options.MapInboundClaims = false;
                options.TokenHandlers.Clear();
                options.TokenHandlers.Add(new CachingTokenHandler(TimeProvider.System) { MapInboundClaims = false });
                options.TokenValidationParameters.NameClaimType = "name";
                options.TokenValidationParameters.RoleClaimType = "role";
                options.TokenValidationParameters.ValidTypes = ["at+jwt"];
                options.TokenValidationParameters.ClockSkew = clockSkew;
                options.Events = new JwtBearerEvents
                {
                    OnChallenge = async context =>
                    {
                        context.HandleResponse();
                        await WriteProblemAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Authentication required",
                            context.AuthenticateFailure is null
                                ? "A valid access token for the EDS platform is required (Authorization: Bearer)."
                                : $"The access token was refused: {Describe(context.AuthenticateFailure)}",
                            "Bearer");
                    },
                    OnForbidden = context => WriteProblemAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Forbidden",
                        "Your roles do not allow this request.", null),
                };
            });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(PlatformPolicies.SignedIn, policy => policy.RequireAuthenticatedUser())
            .AddPolicy(PlatformPolicies.Researcher, policy => policy.RequireRole(PlatformRoles.Researcher, PlatformRoles.Admin))
            .AddPolicy(PlatformPolicies.CommitteeMember, policy => policy.RequireRole(PlatformRoles.CommitteeMember, PlatformRoles.Admin))
            .AddPolicy(PlatformPolicies.DataSteward, policy => policy.RequireRole(PlatformRoles.DataSteward, PlatformRoles.Admin))
            .AddPolicy(PlatformPolicies.Admin, policy => policy.RequireRole(PlatformRoles.Admin))
            .AddPolicy(PlatformPolicies.PlatformService, policy => policy.RequireRole(PlatformRoles.PlatformService));
        return builder;
    }

    public static string? UserId(this ClaimsPrincipal user) => user.FindFirst("sub")?.Value;

    /// <summary>The user's e-mail address, lower-cased: how projects, grants and the audit log name people.</summary>
    public static string? Email(this ClaimsPrincipal user) => user.FindFirst("email")?.Value.ToLowerInvariant();

    /// <summary>An RFC 7807 answer; the gateway uses it for its own refusals too (413, 429, 502).</summary>
    public static async Task WriteProblemAsync(HttpContext context, int status, string title, string detail, string? authenticateScheme)
    {
        if (context.Response.HasStarted)
        {
            return;
        }
        context.Response.StatusCode = status;
        if (authenticateScheme is not null)
        {
            context.Response.Headers.WWWAuthenticate = authenticateScheme;
        }
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    private static string Describe(Exception failure) => failure switch
    {
        Microsoft.IdentityModel.Tokens.SecurityTokenExpiredException => "it has expired.",
        Microsoft.IdentityModel.Tokens.SecurityTokenInvalidAudienceException => "it is not meant for this audience.",
        Microsoft.IdentityModel.Tokens.SecurityTokenInvalidIssuerException => "it was not issued by the platform's identity provider.",
        Microsoft.IdentityModel.Tokens.SecurityTokenInvalidTypeException => "it is not an access token.",
        Microsoft.IdentityModel.Tokens.SecurityTokenSignatureKeyNotFoundException or Microsoft.IdentityModel.Tokens.SecurityTokenInvalidSignatureException => "its signature is not valid.",
        _ => "it is not valid.",
    };
}
