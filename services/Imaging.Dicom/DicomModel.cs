using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace EdsPlatform.Imaging.Dicom;

/// <summary>
/// A file that is not DICOM as this reader understands it: the message says where and why. <see cref="Unsupported"/>:
/// the file is valid but its pixel encoding (transfer syntax) is not decoded here.
/// </summary>
public sealed class DicomFormatException(string message, bool unsupported = false) : Exception(message)
{
    public bool Unsupported => unsupported;
}

/// <summary>
/// One data element. <see cref="Value"/> is the raw value (null for a sequence or encapsulated pixel data);
/// <see cref="Items"/> a sequence's items; <see cref="Fragments"/> encapsulated pixel data (basic offset table first).
/// </summary>
public sealed record DicomElement(DicomTag Tag, string? Vr, byte[]? Value, IReadOnlyList<DicomDataset>? Items = null, IReadOnlyList<byte[]>? Fragments = null);

/// <summary>A data set: elements by tag, with typed reads that follow the data set's byte order.</summary>
public sealed class DicomDataset(IReadOnlyDictionary<DicomTag, DicomElement> elements, bool bigEndian)
{
    public IReadOnlyDictionary<DicomTag, DicomElement> Elements => elements;

    public bool BigEndian => bigEndian;

    public bool Contains(DicomTag tag) => elements.ContainsKey(tag);

    public DicomElement? this[DicomTag tag] => elements.GetValueOrDefault(tag);

    /// <summary>A text value without its padding (trailing spaces and NULs); multiple values stay joined by '\'.</summary>
    public string? GetString(DicomTag tag) =>
        elements.GetValueOrDefault(tag)?.Value is { } value ? Encoding.Latin1.GetString(value).TrimEnd(' ', '\0') : null;

    public ushort? GetUInt16(DicomTag tag) =>
        elements.GetValueOrDefault(tag)?.Value is { Length: >= 2 } value
            ? bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(value) : BinaryPrimitives.ReadUInt16LittleEndian(value)
            : null;

    /// <summary>A decimal (DS) or integer (IS) string; the first value when there are several.</summary>
    public double? GetNumber(DicomTag tag) =>
        GetString(tag)?.Split('\\')[0].Trim() is { Length: > 0 } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;

    public IReadOnlyList<DicomDataset> GetItems(DicomTag tag) => elements.GetValueOrDefault(tag)?.Items ?? [];
}

/// <summary>A DICOM Part 10 file (or a bare data set): its file meta information, its data set and its transfer syntax.</summary>
public sealed record DicomFile(DicomDataset Meta, DicomDataset Dataset, string TransferSyntax)
{
    public static DicomFile Read(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return DicomReader.Read(buffer.ToArray());
    }

    public static DicomFile Open(string path)
    {
        using var file = File.OpenRead(path);
        return Read(file);
    }
}
