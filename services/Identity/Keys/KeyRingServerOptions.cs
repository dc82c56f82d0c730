using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace EdsPlatform.Identity.Keys;

/// <summary>Gives OpenIddict the key ring's keys, newest first: the first signs, all are published in the JWKS.</summary>
public sealed class KeyRingServerOptions(IServiceScopeFactory scopes) : IConfigureOptions<OpenIddictServerOptions>
{
    public void Configure(OpenIddictServerOptions options)
    {
        using var scope = scopes.CreateScope();
        var ring = scope.ServiceProvider.GetRequiredService<KeyRing>();
        // Options are built once, synchronously, on first use; the database is migrated before the app starts.
        foreach (var key in ring.GetOrCreateKeysAsync(KeyRing.Signing, CancellationToken.None).GetAwaiter().GetResult())
        {
            options.SigningCredentials.Add(new SigningCredentials(key, SecurityAlgorithms.RsaSha256));
        }
        foreach (var key in ring.GetOrCreateKeysAsync(KeyRing.Encryption, CancellationToken.None).GetAwaiter().GetResult())
        {
            options.EncryptionCredentials.Add(new EncryptingCredentials(key, SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512));
        }
    }
}
