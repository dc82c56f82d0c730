using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using EdsPlatform.Imaging.Dicom;

namespace EdsPlatform.Imaging.Tests;

/// <summary>The PNG writer checked by a decoder written here: chunk CRCs computed bit by bit, IDAT inflated, rows compared.</summary>
public sealed class PngEncoderTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(3, 2)]
    public void The_png_decodes_to_the_same_pixels(int channels, int colourType)
    {
        const int width = 5, height = 3;
        var pixels = Enumerable.Range(0, width * height * channels).Select(i => (byte)(i * 37 % 256)).ToArray();
        var png = PngEncoder.Encode(width, height, channels, pixels);

        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        var chunks = Chunks(png);
        Assert.Equal(["IHDR", "IDAT", "IEND"], chunks.Select(c => c.Type));
        var header = chunks[0].Data;
        Assert.Equal((width, height), (BinaryPrimitives.ReadInt32BigEndian(header), BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4))));
        Assert.Equal(new byte[] { 8, (byte)colourType, 0, 0, 0 }, header[8..]);
        Assert.Empty(chunks[2].Data);

        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(new MemoryStream(chunks[1].Data), CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }
        var raw = inflated.ToArray();
        var stride = width * channels;
        Assert.Equal(height * (1 + stride), raw.Length);
        for (var row = 0; row < height; row++)
        {
            Assert.Equal(0, raw[row * (1 + stride)]);
            Assert.Equal(pixels.AsSpan(row * stride, stride).ToArray(), raw.AsSpan(row * (1 + stride) + 1, stride).ToArray());
        }
    }

    [Fact]
    public void Sizes_that_do_not_match_are_refused()
    {
        Assert.Throws<ArgumentException>(() => PngEncoder.Encode(2, 2, 1, new byte[3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => PngEncoder.Encode(2, 2, 4, new byte[16]));
        Assert.Throws<ArgumentOutOfRangeException>(() => PngEncoder.Encode(0, 2, 1, []));
    }

    /// <summary>Every chunk, its CRC checked against one computed here without a table.</summary>
    private static List<(string Type, byte[] Data)> Chunks(byte[] png)
    {
        var chunks = new List<(string, byte[])>();
        for (var at = 8; at < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var typeAndData = png.AsSpan(at + 4, 4 + length);
            Assert.Equal(Crc32(typeAndData), BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length)));
            chunks.Add((Encoding.ASCII.GetString(typeAndData[..4]), typeAndData[4..].ToArray()));
            at += 12 + length;
        }
        return chunks;
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFF_FFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc >> 1) ^ (0xEDB8_8320u & (uint)-(int)(crc & 1));
            }
        }
        return ~crc;
    }
}
