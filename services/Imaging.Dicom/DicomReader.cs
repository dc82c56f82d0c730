using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace EdsPlatform.Imaging.Dicom;

/// <summary>
/// Reads a DICOM Part 10 file from memory: the 128-byte preamble and "DICM" when present, the file meta group
/// (always explicit VR little endian), then the data set in its transfer syntax. Files without meta information are
/// read too, their encoding guessed from the first element. Sequences and items of defined or undefined length,
/// and encapsulated pixel data (fragments), are read; any length that runs past the end is a <see cref="DicomFormatException"/>.
/// </summary>
internal sealed class DicomReader
{
    private const uint UndefinedLength = 0xFFFF_FFFF;

    // VRs whose explicit encoding has two reserved bytes and a 32-bit length.
    private static readonly HashSet<string> LongVrs = ["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"];

    private readonly byte[] _data;
    private readonly bool _explicit;
    private readonly bool _bigEndian;
    private int _at;

    private DicomReader(byte[] data, int start, bool isExplicit, bool bigEndian) => (_data, _at, _explicit, _bigEndian) = (data, start, isExplicit, bigEndian);

    public static DicomFile Read(byte[] data)
    {
        var start = data.Length >= 132 && Encoding.ASCII.GetString(data, 128, 4) == "DICM" ? 132 : 0;
        var metaReader = new DicomReader(data, start, isExplicit: true, bigEndian: false);
        var meta = metaReader.ReadDataset(end: data.Length, stopAtGroupOtherThan: 0x0002);
        var syntax = meta.GetString(DicomTag.TransferSyntaxUid);
        byte[] body = data;
        var bodyStart = metaReader._at;
        bool isExplicit, bigEndian;
        if (syntax is not null)
        {
            (isExplicit, bigEndian, var deflated) = TransferSyntaxes.Encoding(syntax);
            if (deflated)
            {
                using var inflated = new MemoryStream();
                using (var deflate = new DeflateStream(new MemoryStream(data, bodyStart, data.Length - bodyStart), CompressionMode.Decompress))
                {
                    deflate.CopyTo(inflated);
                }
                (body, bodyStart) = (inflated.ToArray(), 0);
            }
        }
        else if (meta.Elements.Count > 0)
        {
            syntax = TransferSyntaxes.ImplicitVrLittleEndian; // meta without a transfer syntax: the standard's default
            (isExplicit, bigEndian) = (false, false);
        }
        else
        {
            (isExplicit, bigEndian) = Guess(data, bodyStart);
            syntax = bigEndian ? TransferSyntaxes.ExplicitVrBigEndian : isExplicit ? TransferSyntaxes.ExplicitVrLittleEndian : TransferSyntaxes.ImplicitVrLittleEndian;
        }
        var dataset = new DicomReader(body, bodyStart, isExplicit, bigEndian).ReadDataset(end: body.Length);
        return new DicomFile(meta, dataset, syntax);
    }

    /// <summary>A bare data set's encoding: a little-endian first group is small (0x0008), and an explicit VR is two capitals.</summary>
    private static (bool Explicit, bool BigEndian) Guess(byte[] data, int at)
    {
        if (data.Length < at + 8)
        {
            throw new DicomFormatException("Not DICOM: too short for a data element.");
        }
        var bigEndian = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(at)) > 0x00FF && BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(at)) <= 0x00FF;
        var isExplicit = char.IsAsciiLetterUpper((char)data[at + 4]) && char.IsAsciiLetterUpper((char)data[at + 5]);
        return (isExplicit, bigEndian);
    }

    private DicomDataset ReadDataset(int end, ushort? stopAtGroupOtherThan = null, bool untilItemDelimiter = false)
    {
        var elements = new Dictionary<DicomTag, DicomElement>();
        while (_at < end)
        {
            if (_at + 4 > end)
            {
                throw Truncated("a tag");
            }
            var tag = PeekTag();
            if (stopAtGroupOtherThan is { } group && tag.Group != group)
            {
                break;
            }
            if (tag == DicomTag.ItemDelimitation)
            {
                _at += 8;
                if (untilItemDelimiter)
                {
                    return new DicomDataset(elements, _bigEndian);
                }
                continue;
            }
            var element = ReadElement(end);
            elements[element.Tag] = element;
        }
        if (untilItemDelimiter)
        {
            throw Truncated("an item delimiter");
        }
        return new DicomDataset(elements, _bigEndian);
    }

    private DicomElement ReadElement(int end)
    {
        var tag = ReadTag();
        string? vr = null;
        uint length;
        if (_explicit && tag.Group != 0xFFFE)
        {
            Need(2, end, tag);
            vr = Encoding.ASCII.GetString(_data, _at, 2);
            _at += 2;
            if (LongVrs.Contains(vr))
            {
                Need(6, end, tag);
                _at += 2;
                length = ReadUInt32();
            }
            else
            {
                Need(2, end, tag);
                length = ReadUInt16();
            }
        }
        else
        {
            Need(4, end, tag);
            length = ReadUInt32();
        }

        if (tag == DicomTag.PixelData && length == UndefinedLength)
        {
            return new DicomElement(tag, vr, null, Fragments: ReadFragments(end));
        }
        if (vr == "SQ" || length == UndefinedLength || (vr is null or "UN" && length >= 8 && PeekTagAt(_at) == DicomTag.Item))
        {
            return new DicomElement(tag, vr ?? "SQ", null, Items: ReadItems(length, end));
        }
        if (length > end - _at)
        {
            throw new DicomFormatException($"Truncated: element {tag} declares {length} bytes, {end - _at} remain.");
        }
        var value = _data.AsSpan(_at, (int)length).ToArray();
        _at += (int)length;
        return new DicomElement(tag, vr, value);
    }

    private List<DicomDataset> ReadItems(uint length, int end)
    {
        var stop = length == UndefinedLength ? end : checked(_at + (int)length);
        if (stop > end)
        {
            throw new DicomFormatException($"Truncated: a sequence declares {length} bytes, {end - _at} remain.");
        }
        var items = new List<DicomDataset>();
        while (_at < stop)
        {
            Need(8, end, DicomTag.Item);
            var tag = ReadTag();
            var itemLength = ReadUInt32();
            if (tag == DicomTag.SequenceDelimitation)
            {
                return items;
            }
            if (tag != DicomTag.Item)
            {
                throw new DicomFormatException($"Expected an item in a sequence at byte {_at - 8}, found {tag}.");
            }
            if (itemLength == UndefinedLength)
            {
                items.Add(ReadDataset(end, untilItemDelimiter: true));
            }
            else
            {
                var itemEnd = _at + (int)itemLength;
                if (itemEnd > end)
                {
                    throw new DicomFormatException($"Truncated: an item declares {itemLength} bytes, {end - _at} remain.");
                }
                items.Add(ReadDataset(itemEnd));
                _at = itemEnd;
            }
        }
        if (length == UndefinedLength)
        {
            throw Truncated("a sequence delimiter");
        }
        return items;
    }

    private List<byte[]> ReadFragments(int end)
    {
        var fragments = new List<byte[]>();
        while (true)
        {
            Need(8, end, DicomTag.PixelData);
            var tag = ReadTag();
            var length = ReadUInt32();
            if (tag == DicomTag.SequenceDelimitation)
            {
                return fragments;
            }
            if (tag != DicomTag.Item || length > end - _at)
            {
                throw new DicomFormatException($"Truncated or malformed encapsulated pixel data at byte {_at - 8}.");
            }
            fragments.Add(_data.AsSpan(_at, (int)length).ToArray());
            _at += (int)length;
        }
    }

    private DicomTag PeekTag() => PeekTagAt(_at);

    private DicomTag PeekTagAt(int at) => _bigEndian
        ? new DicomTag(BinaryPrimitives.ReadUInt16BigEndian(_data.AsSpan(at)), BinaryPrimitives.ReadUInt16BigEndian(_data.AsSpan(at + 2)))
        : new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(_data.AsSpan(at)), BinaryPrimitives.ReadUInt16LittleEndian(_data.AsSpan(at + 2)));

    private DicomTag ReadTag()
    {
        var tag = PeekTag();
        _at += 4;
        return tag;
    }

    private ushort ReadUInt16()
    {
        var value = _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(_data.AsSpan(_at)) : BinaryPrimitives.ReadUInt16LittleEndian(_data.AsSpan(_at));
        _at += 2;
        return value;
    }

    private uint ReadUInt32()
    {
        var value = _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(_data.AsSpan(_at)) : BinaryPrimitives.ReadUInt32LittleEndian(_data.AsSpan(_at));
        _at += 4;
        return value;
    }

    private void Need(int bytes, int end, DicomTag tag)
    {
        if (_at + bytes > end)
        {
            throw new DicomFormatException($"Truncated: element {tag} is cut at byte {_at}.");
        }
    }

    private DicomFormatException Truncated(string what) => new($"Truncated: the data ends at byte {_at} before {what}.");
}
