using System.Globalization;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace EdsPlatform.Identity.Clients;

/// <summary>Makes OpenIddict's client registry in identitydb match the clients of the configuration.</summary>
public sealed class ClientRegistry(IOpenIddictApplicationManager applications, IOptions<IdentityProviderOptions> options, ILogger<ClientRegistry> logger)
{
    public async Task SynchroniseAsync(CancellationToken cancellationToken)
    {
        var configured = options.Value.Clients;
        foreach (var (clientId, registration) in configured)
        {
            var descriptor = Describe(clientId, registration);
            var existing = await applications.FindByClientIdAsync(clientId, cancellationToken);
            if (existing is null)
            {
                await applications.CreateAsync(descriptor, cancellationToken);
                logger.LogInformation("Registered client {ClientId}", clientId);
            }
            else
            {
                await applications.UpdateAsync(existing, descriptor, cancellationToken);
            }
        }

        var stale = new List<object>();
        await foreach (var application in applications.ListAsync(count: null, offset: null, cancellationToken))
        {
            if (!configured.ContainsKey(await applications.GetClientIdAsync(application, cancellationToken) ?? ""))
            {
                stale.Add(application);
            }
        }
        foreach (var application in stale)
        {
            logger.LogInformation("Removing client {ClientId}, no longer configured", await applications.GetClientIdAsync(application, cancellationToken));
            await applications.DeleteAsync(application, cancellationToken);
        }
    }

    internal static OpenIddictApplicationDescriptor Describe(string clientId, ClientRegistration registration)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = registration.Secret,
            ClientType = string.IsNullOrEmpty(registration.Secret) ? ClientTypes.Public : ClientTypes.Confidential,
            // First-party clients of the hospital: no consent screen.
            ConsentType = ConsentTypes.Implicit,
            DisplayName = registration.DisplayName ?? clientId,
        };
        descriptor.RedirectUris.UnionWith(registration.RedirectUris);
        descriptor.PostLogoutRedirectUris.UnionWith(registration.PostLogoutRedirectUris);

        foreach (var flow in registration.Flows)
        {
            switch (flow)
            {
                case GrantTypes.AuthorizationCode:
                    descriptor.Permissions.UnionWith([Permissions.Endpoints.Authorization, Permissions.Endpoints.EndSession, Permissions.ResponseTypes.Code]);
                    descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
                    break;
                case GrantTypes.RefreshToken or GrantTypes.ClientCredentials:
                    break;
                default:
                    throw new InvalidOperationException($"Client '{clientId}': flow '{flow}' is not offered (authorization_code, refresh_token, client_credentials).");
            }
            descriptor.Permissions.Add(Permissions.Prefixes.GrantType + flow);
        }
        descriptor.Permissions.Add(Permissions.Endpoints.Token);
        foreach (var scope in registration.Scopes)
        {
            descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
        }
        if (registration.AccessTokenLifetimeSeconds is int seconds)
        {
            descriptor.Settings[Settings.TokenLifetimes.AccessToken] = TimeSpan.FromSeconds(seconds).ToString("c", CultureInfo.InvariantCulture);
        }
        return descriptor;
    }
}
