using System.Buffers.Binary;
using System.Text;

namespace EdsPlatform.Imaging.Dicom;

/// <summary>
/// Writes a DICOM Part 10 file in explicit VR little endian: the 128-byte preamble, "DICM", the file meta group with
/// its group length, then the data set with its elements in tag order. Sequences and their items are written with
/// defined lengths, which every reader accepts and which need no delimiters.
/// </summary>
public static class DicomWriter
{
    /// <summary>
    /// Identifies this writer in the file meta (0002,0012). The platform has no registered root, so this is 2.25 and
    /// the decimal form of a UUID drawn once for it (ea41c0e5-4535-4344-92e1-85571fab6f83) and fixed since.
    /// </summary>
    public const string ImplementationClassUid = "2.25.311380762696787051352229262736096980867";

    public const string ImplementationVersionName = "EDSPLATFORM";

    // VRs whose explicit encoding has two reserved bytes and a 32-bit length (PS3.5 7.1.2).
    private static readonly HashSet<string> LongVrs = ["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"];

    /// <summary>The file for a data set; the SOP class and instance go to both the file meta and the data set.</summary>
    public static byte[] Write(DicomDatasetBuilder dataset, string sopClassUid, string sopInstanceUid)
    {
        if (dataset.Elements.FirstOrDefault(element => element.Tag.Group == 0x0002) is { } meta)
        {
            throw new ArgumentException($"{meta.Tag} is file meta information, which the writer makes itself.", nameof(dataset));
        }
        var metaGroup = Encode(new DicomDatasetBuilder()
            .Add(DicomTag.FileMetaInformationVersion, "OB", new byte[] { 0x00, 0x01 })
            .Add(DicomTag.MediaStorageSopClassUid, "UI", sopClassUid)
            .Add(DicomTag.MediaStorageSopInstanceUid, "UI", sopInstanceUid)
            .Add(DicomTag.TransferSyntaxUid, "UI", TransferSyntaxes.ExplicitVrLittleEndian)
            .Add(DicomTag.ImplementationClassUid, "UI", ImplementationClassUid)
            .Add(DicomTag.ImplementationVersionName, "SH", ImplementationVersionName)
            .Elements);
        var sop = new DicomDatasetBuilder()
            .Add(DicomTag.SopClassUid, "UI", sopClassUid)
            .Add(DicomTag.SopInstanceUid, "UI", sopInstanceUid);

        using var output = new MemoryStream();
        output.Write(new byte[128]);
        output.Write("DICM"u8);
        output.Write(Encode(new DicomDatasetBuilder().Add(DicomTag.FileMetaInformationGroupLength, "UL", metaGroup.Length).Elements));
        output.Write(metaGroup);
        output.Write(Encode(dataset.Elements.Concat(sop.Elements)));
        return output.ToArray();
    }

    internal static bool HasLongLength(string vr) => LongVrs.Contains(vr);

    private static byte[] Encode(IEnumerable<BuiltElement> elements)
    {
        using var output = new MemoryStream();
        DicomTag? previous = null;
        Span<byte> header = stackalloc byte[12];
        foreach (var element in elements.OrderBy(e => e.Tag.Group).ThenBy(e => e.Tag.Element))
        {
            if (element.Tag == previous)
            {
                throw new ArgumentException($"{element.Tag} is given twice.", nameof(elements));
            }
            previous = element.Tag;
            var value = element.Items is { } items ? EncodeItems(items) : element.Value!;
            BinaryPrimitives.WriteUInt16LittleEndian(header, element.Tag.Group);
            BinaryPrimitives.WriteUInt16LittleEndian(header[2..], element.Tag.Element);
            Encoding.ASCII.GetBytes(element.Vr, header[4..]);
            if (HasLongLength(element.Vr))
            {
                BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 0);
                BinaryPrimitives.WriteUInt32LittleEndian(header[8..], (uint)value.Length);
                output.Write(header);
            }
            else
            {
                BinaryPrimitives.WriteUInt16LittleEndian(header[6..], (ushort)value.Length);
                output.Write(header[..8]);
            }
            output.Write(value);
        }
        return output.ToArray();
    }

    /// <summary>Each item as (FFFE,E000), its length, then its data set.</summary>
    private static byte[] EncodeItems(IReadOnlyList<DicomDatasetBuilder> items)
    {
        using var output = new MemoryStream();
        Span<byte> header = stackalloc byte[8];
        foreach (var item in items)
        {
            var body = Encode(item.Elements);
            BinaryPrimitives.WriteUInt16LittleEndian(header, DicomTag.Item.Group);
            BinaryPrimitives.WriteUInt16LittleEndian(header[2..], DicomTag.Item.Element);
            BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)body.Length);
            output.Write(header);
            output.Write(body);
        }
        return output.ToArray();
    }
}
