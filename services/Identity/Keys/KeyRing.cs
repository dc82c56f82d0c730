using System.Security.Cryptography;
using EdsPlatform.Identity.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace EdsPlatform.Identity.Keys;

public sealed class KeyRingOptions
{
    /// <summary>How long a key signs new tokens before a fresh one takes over.</summary>
    public TimeSpan RotationPeriod { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How long a rotated key stays published, so that tokens it signed still validate.</summary>
    public TimeSpan RetentionAfterRotation { get; set; } = TimeSpan.FromDays(14);
}

/// <summary>
/// The provider's persisted, rotating RSA keys: generated once, stored encrypted in identitydb, the same
/// for every instance and every restart (tokens survive a redeploy), replaced when their rotation period
/// ends while the previous key stays published for the tokens it signed.
/// </summary>
public sealed class KeyRing(IdentityDb db, IDataProtectionProvider dataProtection, TimeProvider time, IOptions<KeyRingOptions> options)
{
    public const string Signing = "sig";
    public const string Encryption = "enc";

    private readonly IDataProtector _protector = dataProtection.CreateProtector("EdsPlatform.Identity.KeyRing");

    /// <summary>The keys to publish for a use, the one to use first first; creates one when none is current.</summary>
    public async Task<IReadOnlyList<RsaSecurityKey>> GetOrCreateKeysAsync(string use, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var keys = await LiveKeysAsync(use, now, cancellationToken);
        if (keys.Count == 0 || keys[0].RotatesAt <= now)
        {
            // The retrying execution strategy owns transactions: the whole unit is retried together.
            keys = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                // Instances starting together: the first creates the key, the others wait and then find it.
                await db.Database.ExecuteSqlRawAsync("LOCK TABLE signing_keys IN EXCLUSIVE MODE", cancellationToken);
                var current = await LiveKeysAsync(use, now, cancellationToken);
                if (current.Count == 0 || current[0].RotatesAt <= now)
                {
                    var created = Create(use, now);
                    db.SigningKeys.Add(created);
                    await db.SaveChangesAsync(cancellationToken);
                    db.ChangeTracker.Clear();
                    current.Insert(0, created);
                }
                await transaction.CommitAsync(cancellationToken);
                return current;
            });
        }
        return keys.Select(ToSecurityKey).ToList();
    }

    private Task<List<SigningKey>> LiveKeysAsync(string use, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.SigningKeys.AsNoTracking()
            .Where(k => k.Use == use && k.RetiresAt > now)
            .OrderByDescending(k => k.CreatedAt)
            .ToListAsync(cancellationToken);

    private SigningKey Create(string use, DateTimeOffset now)
    {
        using var rsa = RSA.Create(2048);
        var rotatesAt = now + options.Value.RotationPeriod;
        return new SigningKey
        {
            Id = $"{use}-{now:yyyyMMdd}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}",
            Use = use,
            CreatedAt = now,
            RotatesAt = rotatesAt,
            RetiresAt = rotatesAt + options.Value.RetentionAfterRotation,
            ProtectedPrivateKey = _protector.Protect(Convert.ToBase64String(rsa.ExportPkcs8PrivateKey())),
        };
    }

    private RsaSecurityKey ToSecurityKey(SigningKey key)
    {
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(Convert.FromBase64String(_protector.Unprotect(key.ProtectedPrivateKey)), out _);
        return new RsaSecurityKey(rsa) { KeyId = key.Id };
    }
}
