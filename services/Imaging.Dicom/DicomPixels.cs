using System.Buffers.Binary;

namespace EdsPlatform.Imaging.Dicom;

/// <summary>One frame's stored values, row by row (samples interleaved), before any rescale.</summary>
public sealed record PixelFrame(int Rows, int Columns, int SamplesPerPixel, int[] Values);

/// <summary>
/// A file's frames as stored values: native pixel data (8 or 16 bits, signed or not, either byte order) and RLE
/// Lossless (decoded here: PackBits segments, one per byte plane, most significant first). Other compressed syntaxes
/// (JPEG family) are refused with a sentence that names them.
/// </summary>
public static class DicomPixels
{
    public static IReadOnlyList<PixelFrame> Frames(DicomFile file)
    {
        var set = file.Dataset;
        var rows = set.GetUInt16(DicomTag.Rows) ?? throw new DicomFormatException("No Rows (0028,0010): not an image.");
        var columns = set.GetUInt16(DicomTag.Columns) ?? throw new DicomFormatException("No Columns (0028,0011): not an image.");
        var bits = set.GetUInt16(DicomTag.BitsAllocated) ?? 16;
        var stored = set.GetUInt16(DicomTag.BitsStored) ?? bits;
        var signed = set.GetUInt16(DicomTag.PixelRepresentation) == 1;
        var samples = set.GetUInt16(DicomTag.SamplesPerPixel) ?? 1;
        var frames = (int)(set.GetNumber(DicomTag.NumberOfFrames) ?? 1);
        if (bits is not (8 or 16))
        {
            throw new DicomFormatException($"Bits allocated {bits}: this reader decodes 8- and 16-bit pixels.");
        }
        var pixel = set[DicomTag.PixelData] ?? throw new DicomFormatException("No pixel data (7FE0,0010).");
        var count = rows * columns * samples;
        var layout = new Layout(bits / 8, stored, signed);
        if (pixel.Fragments is { } fragments)
        {
            if (file.TransferSyntax != TransferSyntaxes.RleLossless)
            {
                throw new DicomFormatException(
                    $"Pixel data in transfer syntax {TransferSyntaxes.Name(file.TransferSyntax)} ({file.TransferSyntax}) is not decoded by this reader; native (uncompressed) pixels and RLE Lossless are.",
                    unsupported: true);
            }
            // The first fragment is the basic offset table; each RLE frame is one fragment after it.
            var encoded = fragments.Skip(1).ToList();
            if (encoded.Count < frames)
            {
                throw new DicomFormatException($"RLE pixel data holds {encoded.Count} frames, {frames} declared.");
            }
            return [.. encoded.Take(frames).Select(fragment => new PixelFrame(rows, columns, samples, DecodeRle(fragment, count / samples, samples, layout)))];
        }
        var native = pixel.Value ?? [];
        var frameBytes = count * layout.Bytes;
        if (native.Length < frameBytes * frames)
        {
            throw new DicomFormatException($"Truncated pixel data: {native.Length} bytes for {frames} frame(s) of {frameBytes}.");
        }
        return [.. Enumerable.Range(0, frames).Select(f => new PixelFrame(rows, columns, samples, DecodeNative(native.AsSpan(f * frameBytes, frameBytes), count, layout, set.BigEndian)))];
    }

    private readonly record struct Layout(int Bytes, int Stored, bool Signed)
    {
        /// <summary>The stored bits of a raw sample, sign-extended when the pixels are signed.</summary>
        public int Value(int raw)
        {
            var masked = raw & ((1 << Stored) - 1);
            return Signed && (masked & (1 << (Stored - 1))) != 0 ? masked - (1 << Stored) : masked;
        }
    }

    private static int[] DecodeNative(ReadOnlySpan<byte> bytes, int count, Layout layout, bool bigEndian)
    {
        var values = new int[count];
        for (var i = 0; i < count; i++)
        {
            var raw = layout.Bytes == 1 ? bytes[i]
                : bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(bytes[(2 * i)..]) : BinaryPrimitives.ReadUInt16LittleEndian(bytes[(2 * i)..]);
            values[i] = layout.Value(raw);
        }
        return values;
    }

    /// <summary>An RLE frame: a 64-byte header (segment count, 15 offsets, little endian), then one segment per byte plane.</summary>
    private static int[] DecodeRle(byte[] fragment, int pixels, int samples, Layout layout)
    {
        if (fragment.Length < 64)
        {
            throw new DicomFormatException("RLE frame shorter than its header.");
        }
        var segments = (int)BinaryPrimitives.ReadUInt32LittleEndian(fragment);
        if (segments != samples * layout.Bytes || segments > 15)
        {
            throw new DicomFormatException($"RLE frame with {segments} segments, {samples * layout.Bytes} expected.");
        }
        var offsets = Enumerable.Range(0, segments).Select(s => (int)BinaryPrimitives.ReadUInt32LittleEndian(fragment.AsSpan(4 + 4 * s))).Append(fragment.Length).ToArray();
        var planes = Enumerable.Range(0, segments).Select(s => UnpackBits(fragment.AsSpan(offsets[s], offsets[s + 1] - offsets[s]), pixels)).ToArray();
        var values = new int[pixels * samples];
        for (var p = 0; p < pixels; p++)
        {
            for (var s = 0; s < samples; s++)
            {
                var raw = 0;
                for (var b = 0; b < layout.Bytes; b++)
                {
                    raw = (raw << 8) | planes[s * layout.Bytes + b][p];
                }
                values[p * samples + s] = layout.Value(raw);
            }
        }
        return values;
    }

    /// <summary>PackBits: n in 0..127 copies n+1 bytes; -127..-1 repeats the next byte 1-n times; -128 does nothing.</summary>
    private static byte[] UnpackBits(ReadOnlySpan<byte> segment, int length)
    {
        var output = new byte[length];
        int read = 0, written = 0;
        while (written < length && read < segment.Length)
        {
            var n = (sbyte)segment[read++];
            if (n >= 0)
            {
                var run = Math.Min(n + 1, Math.Min(length - written, segment.Length - read));
                segment.Slice(read, run).CopyTo(output.AsSpan(written));
                (read, written) = (read + n + 1, written + run);
            }
            else if (n != -128 && read < segment.Length)
            {
                var run = Math.Min(1 - n, length - written);
                output.AsSpan(written, run).Fill(segment[read++]);
                written += run;
            }
        }
        if (written < length)
        {
            throw new DicomFormatException($"RLE segment decodes to {written} bytes, {length} expected.");
        }
        return output;
    }
}
