using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Localization;
using EdsPlatform.Web.Clients;
using Microsoft.Extensions.Options;

namespace EdsPlatform.Web;

public static class Extensions
{
    public const string OidcScheme = OpenIdConnectDefaults.AuthenticationScheme;

    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        var identityUrl = builder.Configuration["Identity:Url"] ?? throw new InvalidOperationException("Identity:Url is not configured.");
        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.DefaultChallengeScheme = OidcScheme;
            })
            .AddCookie(options =>
            {
                // Tokens stay on the server, inside this encrypted, HTTP-only cookie; the browser never sees them.
                options.Cookie.Name = "eds.web";
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.HttpOnly = true;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.Events.OnValidatePrincipal = TokenRefresh.RefreshWhenNearExpiryAsync;
            })
            .AddOpenIdConnect(OidcScheme, options =>
            {
                options.Authority = identityUrl;
                options.RequireHttpsMetadata = identityUrl.StartsWith("https:", StringComparison.OrdinalIgnoreCase);
                options.ClientId = builder.Configuration["Identity:ClientId"] ?? "web";
                options.ClientSecret = builder.Configuration["Identity:ClientSecret"];
                options.ResponseType = "code";
                options.ResponseMode = "query";
                options.UsePkce = true;
                options.SaveTokens = true;
                options.MapInboundClaims = false;
                options.GetClaimsFromUserInfoEndpoint = false;
                options.TokenValidationParameters.NameClaimType = "name";
                options.TokenValidationParameters.RoleClaimType = "role";
                options.Scope.Clear();
                foreach (var scope in new[] { "openid", "profile", "email", "roles", "offline_access", AuthenticationExtensions.PlatformAudience })
                {
                    options.Scope.Add(scope);
                }
                // Plain-HTTP development: the correlation cookies must survive a top-level redirect without TLS.
                options.CorrelationCookie.SameSite = SameSiteMode.Lax;
                options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.NonceCookie.SameSite = SameSiteMode.Lax;
                options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.Events.OnRedirectToIdentityProvider = context =>
                {
                    // The sign-in page speaks the user's language.
                    context.ProtocolMessage.UiLocales = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
                    return Task.CompletedTask;
                };
            });
        builder.Services.AddAuthorization();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddTransient<AccessTokenHandler>();
        // The APIs, only ever through the gateway, with the signed-in user's token.
        builder.AddGatewayClient<CatalogClient>();
        builder.AddGatewayClient<CohortClient>();
        builder.AddGatewayClient<GovernanceClient>();
        builder.AddGatewayClient<InteractionsClient>();
        builder.AddGatewayClient<NlpClient>();
        builder.AddGatewayClient<ImagingClient>();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        return builder;
    }

    /// <summary>A service's typed client: the gateway's address (resolved by service discovery) and the user's token on every call.</summary>
    private static void AddGatewayClient<TClient>(this WebApplicationBuilder builder) where TClient : GatewayApi =>
        builder.Services.AddHttpClient<TClient>(client => client.BaseAddress = new Uri("http://gateway"))
            .AddHttpMessageHandler<AccessTokenHandler>();

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").ExcludeFromDescription();
        account.MapGet("/login", (string? returnUrl) => Results.Challenge(
            new AuthenticationProperties { RedirectUri = LocalOnly(returnUrl) }, [OidcScheme]));
        account.MapPost("/logout", () => Results.SignOut(
            new AuthenticationProperties { RedirectUri = "/" }, [CookieAuthenticationDefaults.AuthenticationScheme, OidcScheme]));
        app.MapGet("/culture", (string culture, string? returnUrl, HttpContext context) =>
        {
            if (culture is "fr" or "en")
            {
                context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                    new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), SameSite = SameSiteMode.Lax, IsEssential = true });
            }
            return Results.LocalRedirect(LocalOnly(returnUrl));
        }).ExcludeFromDescription();
        // The prescription screen's autocomplete (wwwroot/suggest.js fills the inputs' datalist): through the gateway, as the user.
        app.MapGet("/interactions/suggestions", async (string? q, InteractionsClient interactions, CancellationToken cancellationToken) =>
            q is { Length: >= 2 and <= 100 }
                ? Results.Ok((await interactions.SearchSubstancesAsync(q, cancellationToken)).Select(m => new { value = m.Substance.ToLowerInvariant(), label = m.Label }))
                : Results.Ok(Array.Empty<object>()))
            .RequireAuthorization().ExcludeFromDescription();
        return app;
    }

    /// <summary>Redirects stay inside the app: no open redirect through a crafted link.</summary>
    private static string LocalOnly(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : "/";
}

/// <summary>Puts the signed-in user's access token on calls to the gateway.</summary>
public sealed class AccessTokenHandler(IHttpContextAccessor httpContextAccessor) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (httpContextAccessor.HttpContext is { } context && await context.GetTokenAsync("access_token") is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return await base.SendAsync(request, cancellationToken);
    }
}

/// <summary>Renews the access token with the refresh token shortly before it expires; signs the user out when that fails.</summary>
public static class TokenRefresh
{
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(1);

    public static async Task RefreshWhenNearExpiryAsync(CookieValidatePrincipalContext context)
    {
        var expiresAt = context.Properties.GetTokenValue("expires_at");
        var refreshToken = context.Properties.GetTokenValue("refresh_token");
        if (expiresAt is null || refreshToken is null
            || DateTimeOffset.Parse(expiresAt, CultureInfo.InvariantCulture) - DateTimeOffset.UtcNow > Margin)
        {
            return;
        }
        var services = context.HttpContext.RequestServices;
        var oidc = services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(Extensions.OidcScheme);
        var configuration = await oidc.ConfigurationManager!.GetConfigurationAsync(context.HttpContext.RequestAborted);
        using var response = await oidc.Backchannel.PostAsync(configuration.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
            ["client_id"] = oidc.ClientId!,
            ["client_secret"] = oidc.ClientSecret ?? "",
        }), context.HttpContext.RequestAborted);
        if (!response.IsSuccessStatusCode)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }
        var tokens = await response.Content.ReadFromJsonAsync<TokenResponse>(context.HttpContext.RequestAborted);
        context.Properties.UpdateTokenValue("access_token", tokens!.AccessToken);
        if (tokens.RefreshToken is not null)
        {
            context.Properties.UpdateTokenValue("refresh_token", tokens.RefreshToken);
        }
        context.Properties.UpdateTokenValue("expires_at",
            DateTimeOffset.UtcNow.AddSeconds(tokens.ExpiresIn).ToString("o", CultureInfo.InvariantCulture));
        context.ShouldRenew = true;
    }

    private sealed record TokenResponse(
        [property: System.Text.Json.Serialization.JsonPropertyName("access_token")] string AccessToken,
        [property: System.Text.Json.Serialization.JsonPropertyName("refresh_token")] string? RefreshToken,
        [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] int ExpiresIn);
}
