using EdsPlatform.Identity.Data;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace EdsPlatform.Identity.Apis;

/// <summary>
/// The OpenID Connect endpoints whose protocol work OpenIddict does, and whose decisions (who is signed
/// in, which claims) are ours: authorize, token, end session, userinfo.
/// </summary>
public static class ConnectApi
{
    private const string ServerScheme = OpenIddictServerAspNetCoreDefaults.AuthenticationScheme;

    public static IEndpointRouteBuilder MapConnectApi(this IEndpointRouteBuilder app)
    {
        var connect = app.MapGroup("/connect").ExcludeFromDescription();
        connect.MapMethods("/authorize", [HttpMethods.Get, HttpMethods.Post], AuthorizeAsync);
        connect.MapPost("/token", TokenAsync);
        connect.MapMethods("/logout", [HttpMethods.Get, HttpMethods.Post], EndSessionAsync);
        connect.MapMethods("/userinfo", [HttpMethods.Get, HttpMethods.Post], (Delegate)UserInfoAsync);
        return app;
    }

    private static async Task<IResult> AuthorizeAsync(HttpContext context, UserManager<ApplicationUser> users, TokenPrincipals principals)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var session = await context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var user = session.Succeeded ? await users.GetUserAsync(session.Principal) : null;
        if (user is null)
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Reject(Errors.LoginRequired, "The user is not signed in.");
            }
            // To the sign-in page, which comes back here once the user is signed in.
            var parameters = context.Request.HasFormContentType ? context.Request.Form.ToList() : context.Request.Query.ToList();
            return Results.Challenge(
                new AuthenticationProperties { RedirectUri = context.Request.PathBase + context.Request.Path + QueryString.Create(parameters) },
                [IdentityConstants.ApplicationScheme]);
        }
        return Results.SignIn(await principals.ForUserAsync(user, request.GetScopes()), authenticationScheme: ServerScheme);
    }

    private static async Task<IResult> TokenAsync(HttpContext context, UserManager<ApplicationUser> users, SignInManager<ApplicationUser> signIn, TokenPrincipals principals)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (request.IsClientCredentialsGrantType())
        {
            return Results.SignIn(principals.ForClient(request.ClientId!, request.GetScopes()), authenticationScheme: ServerScheme);
        }
        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            // The code or refresh token is valid; the account must still be allowed to sign in now.
            var granted = await context.AuthenticateAsync(ServerScheme);
            var user = await users.FindByIdAsync(granted.Principal?.GetClaim(Claims.Subject) ?? "");
            if (user is null || !await signIn.CanSignInAsync(user) || await users.IsLockedOutAsync(user))
            {
                return Reject(Errors.InvalidGrant, "The account can no longer sign in.");
            }
            return Results.SignIn(await principals.ForUserAsync(user, granted.Principal!.GetScopes()), authenticationScheme: ServerScheme);
        }
        return Reject(Errors.UnsupportedGrantType, "This grant type is not supported.");
    }

    /// <summary>
    /// Signs out when the client proves it asked (an id_token_hint, whose signature OpenIddict has checked) or the
    /// user confirmed on the provider's page (a form post with its antiforgery token); anything else, such as a
    /// plain link, gets the confirmation page.
    /// </summary>
    private static async Task<IResult> EndSessionAsync(HttpContext context, SignInManager<ApplicationUser> signIn, IAntiforgery antiforgery)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var confirmed = HttpMethods.IsPost(context.Request.Method) && await antiforgery.IsRequestValidAsync(context);
        if (string.IsNullOrEmpty(request.IdTokenHint) && !confirmed)
        {
            return Results.Redirect("/account/logout" + QueryString.Create(
                new[] { Parameters.PostLogoutRedirectUri, Parameters.State, Parameters.ClientId, Parameters.UiLocales }
                    .Where(name => !string.IsNullOrEmpty((string?)request[name]))
                    .Select(name => KeyValuePair.Create(name, (string?)request[name]))));
        }
        await signIn.SignOutAsync();
        // OpenIddict returns to the client's registered post-logout URI.
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [ServerScheme]);
    }

    private static async Task<IResult> UserInfoAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(ServerScheme);
        if (result.Principal is not { } principal)
        {
            return Results.Challenge(authenticationSchemes: [ServerScheme]);
        }
        return Results.Ok(new Dictionary<string, object?>
        {
            [Claims.Subject] = principal.GetClaim(Claims.Subject),
            [Claims.Name] = principal.GetClaim(Claims.Name),
            [Claims.PreferredUsername] = principal.GetClaim(Claims.PreferredUsername),
            [Claims.Email] = principal.GetClaim(Claims.Email),
            [Claims.Role] = principal.GetClaims(Claims.Role),
        });
    }

    private static IResult Reject(string error, string description) =>
        Results.Forbid(
            new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
            }),
            [ServerScheme]);
}
