namespace EdsPlatform.Identity.Keys;

/// <summary>An RSA key of the identity provider, kept across restarts and shared by every instance.</summary>
public sealed class SigningKey
{
    /// <summary>The key id ("kid") published in the JWKS.</summary>
    public required string Id { get; init; }

    /// <summary>"sig" signs tokens; "enc" encrypts the tokens only the provider reads (codes, refresh tokens).</summary>
    public required string Use { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>After this the key signs nothing new; it stays published until <see cref="RetiresAt"/> for tokens it signed.</summary>
    public required DateTimeOffset RotatesAt { get; init; }

    public required DateTimeOffset RetiresAt { get; init; }

    /// <summary>PKCS#8 private key, encrypted with ASP.NET Core data protection.</summary>
    public required string ProtectedPrivateKey { get; init; }
}
