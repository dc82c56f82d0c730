namespace EdsPlatform.Identity;

/// <summary>Scopes a client may request, and the audience ("aud") each one puts in the access token.</summary>
public static class ApiScopes
{
    /// <summary>The platform's APIs behind the gateway.</summary>
    public const string PlatformApi = AuthenticationExtensions.PlatformAudience;

    public static IEnumerable<string> ResourcesFor(IEnumerable<string> scopes) =>
        scopes.Contains(PlatformApi) ? [PlatformApi] : [];
}
