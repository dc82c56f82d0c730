namespace EdsPlatform.Identity;

/// <summary>Section "Identity": who may ask for tokens, and the account rules.</summary>
public sealed class IdentityProviderOptions
{
    public const string SectionName = "Identity";

    /// <summary>The provider's public URL, the "iss" of every token (the AppHost sets it to this service's endpoint).</summary>
    public Uri? Issuer { get; set; }

    /// <summary>OAuth clients by client id. The registry in identitydb is made to match this list at every start.</summary>
    public Dictionary<string, ClientRegistration> Clients { get; set; } = [];

    public int AccessTokenLifetimeMinutes { get; set; } = 15;

    public int RefreshTokenLifetimeHours { get; set; } = 8;

    public int MaxFailedSignIns { get; set; } = 5;

    public int LockoutMinutes { get; set; } = 15;
}

public sealed class ClientRegistration
{
    public string? DisplayName { get; set; }

    /// <summary>Confidential clients have a secret; a client without one is public (PKCE only).</summary>
    public string? Secret { get; set; }

    /// <summary>OAuth grant types: authorization_code, refresh_token, client_credentials.</summary>
    public List<string> Flows { get; set; } = [];

    public List<string> Scopes { get; set; } = [];

    public List<Uri> RedirectUris { get; set; } = [];

    public List<Uri> PostLogoutRedirectUris { get; set; } = [];

    /// <summary>Roles carried by this client's own tokens (client credentials), for service-to-service calls.</summary>
    public List<string> Roles { get; set; } = [];

    /// <summary>Overrides the provider's access token lifetime for this client.</summary>
    public int? AccessTokenLifetimeSeconds { get; set; }
}
