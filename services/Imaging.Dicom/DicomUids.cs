using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace EdsPlatform.Imaging.Dicom;

/// <summary>
/// UIDs under the 2.25 root (PS3.5 B.2: "2.25." and a 128-bit number in decimal), which needs no registered
/// organisation root: random ones for new objects, name-derived ones where the same input must give the same UID.
/// </summary>
public static class DicomUids
{
    public static string New() => FromBytes(Guid.NewGuid().ToByteArray(bigEndian: true));

    /// <summary>2.25 and the first 16 bytes of the SHA-256 of the name (UTF-8), read as an unsigned big-endian number.</summary>
    public static string FromName(string name) => FromBytes(SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 16));

    private static string FromBytes(ReadOnlySpan<byte> bytes) => $"2.25.{new BigInteger(bytes, isUnsigned: true, isBigEndian: true)}";
}
