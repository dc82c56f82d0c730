using System.Collections.Immutable;
using System.Security.Claims;
using EdsPlatform.Identity.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace EdsPlatform.Identity.Apis;

/// <summary>Builds the identities that tokens are made from, with each claim sent where it belongs.</summary>
public sealed class TokenPrincipals(UserManager<ApplicationUser> users, IOptions<IdentityProviderOptions> options)
{
    public async Task<ClaimsPrincipal> ForUserAsync(ApplicationUser user, ImmutableArray<string> scopes)
    {
        var identity = NewIdentity()
            .SetClaim(Claims.Subject, user.Id)
            .SetClaim(Claims.Name, user.DisplayName)
            .SetClaim(Claims.PreferredUsername, user.UserName)
            .SetClaim(Claims.Email, user.Email)
            .SetClaims(Claims.Role, [.. await users.GetRolesAsync(user)]);
        return Finish(identity, scopes);
    }

    /// <summary>A service calling on its own behalf (client credentials): the client is the subject.</summary>
    public ClaimsPrincipal ForClient(string clientId, ImmutableArray<string> scopes)
    {
        var registration = options.Value.Clients.GetValueOrDefault(clientId);
        var identity = NewIdentity()
            .SetClaim(Claims.Subject, clientId)
            .SetClaim(Claims.Name, registration?.DisplayName ?? clientId)
            .SetClaims(Claims.Role, [.. registration?.Roles ?? []]);
        return Finish(identity, scopes);
    }

    private static ClaimsIdentity NewIdentity() =>
        new(authenticationType: "EdsPlatform.Identity", nameType: Claims.Name, roleType: Claims.Role);

    private static ClaimsPrincipal Finish(ClaimsIdentity identity, ImmutableArray<string> scopes)
    {
        identity.SetScopes(scopes);
        identity.SetResources(ApiScopes.ResourcesFor(scopes));
        identity.SetDestinations(claim => claim.Type switch
        {
            // The gateway authorises on name and roles; the web app shows them: both tokens carry them.
            Claims.Name or Claims.Role or Claims.PreferredUsername => [Destinations.AccessToken, Destinations.IdentityToken],
            Claims.Email when identity.HasScope(Scopes.Email) => [Destinations.AccessToken, Destinations.IdentityToken],
            _ => [Destinations.AccessToken],
        });
        return new ClaimsPrincipal(identity);
    }
}
