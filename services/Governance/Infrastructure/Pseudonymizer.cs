using System.Buffers.Binary;
using System.Security.Cryptography;

namespace EdsPlatform.Governance.Infrastructure;

/// <summary>
/// Per-project pseudonyms: HMAC-SHA256 of the person id under the project's own key, so that the same
/// patient gets unrelated pseudonyms in two projects and nobody without the key can reverse or link them.
/// </summary>
public static class Pseudonymizer
{
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
