using System.Collections.Concurrent;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace EdsPlatform.Governance.Infrastructure;

/// <summary>
/// Per-project pseudonyms: HMAC-SHA256 of the person id under the project's own key, so that the same
/// patient gets unrelated pseudonyms in two projects and nobody without the key can reverse or link them.
/// </summary>
public sealed class Pseudonymizer(RequestStore store)
{
    private readonly ConcurrentDictionary<Guid, byte[]> _keys = new();

    public async Task<IReadOnlyDictionary<long, string>?> PseudonymiseAsync(Guid projectId, IEnumerable<long> personIds, CancellationToken cancellationToken)
    {
        if (!_keys.TryGetValue(projectId, out var key))
        {
            key = await store.PseudonymKeyAsync(projectId, cancellationToken);
            if (key is null)
            {
                return null;
            }
            _keys[projectId] = key;
        }
        return personIds.Distinct().ToDictionary(id => id, id => Pseudonym(key, id));
    }

    /// <summary>96 bits of the HMAC in hex: no collision in any realistic warehouse, short enough to read.</summary>
    public static string Pseudonym(byte[] key, long personId)
    {
        Span<byte> id = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(id, personId);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, id, mac);
        return Convert.ToHexStringLower(mac[..12]);
    }
}
