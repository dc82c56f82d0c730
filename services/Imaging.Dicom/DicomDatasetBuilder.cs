using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace EdsPlatform.Imaging.Dicom;

/// <summary>One element as <see cref="DicomWriter"/> will write it: a value already encoded and padded, or a sequence's items.</summary>
internal sealed record BuiltElement(DicomTag Tag, string Vr, byte[]? Value, IReadOnlyList<DicomDatasetBuilder>? Items = null);

/// <summary>
/// A data set assembled for <see cref="DicomWriter"/>, fluently. Values are encoded as they are added (little endian,
/// text in ISO 8859-1, numbers in invariant culture) and padded to an even length, so a mistake is reported at the
/// line that made it. A tag added twice is an <see cref="ArgumentException"/>.
/// </summary>
public sealed class DicomDatasetBuilder
{
    private const int MaxShortLength = ushort.MaxValue - 1;

    private static readonly HashSet<string> TextVrs = ["AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN", "SH", "ST", "TM", "UC", "UI", "UR", "UT"];
    private static readonly HashSet<string> BinaryVrs = ["OB", "OD", "OF", "OL", "OV", "OW", "UN"];

    private readonly Dictionary<DicomTag, BuiltElement> _elements = [];

    internal IEnumerable<BuiltElement> Elements => _elements.Values;

    /// <summary>A text value; several values are joined by '\' by the caller. UI is padded with NUL, the others with a space.</summary>
    public DicomDatasetBuilder Add(DicomTag tag, string vr, string value)
    {
        if (!TextVrs.Contains(vr))
        {
            throw new ArgumentException($"VR {vr} of {tag} is not a text VR.", nameof(vr));
        }
        return Put(tag, vr, Encoding.Latin1.GetBytes(value), vr == "UI" ? (byte)0 : (byte)' ');
    }

    /// <summary>An integer: binary for US, SS, UL, SL, SV and UV (range checked), text for IS and DS, widened for FL and FD.</summary>
    public DicomDatasetBuilder Add(DicomTag tag, string vr, long value)
    {
        byte[] bytes;
        switch (vr)
        {
            case "US":
                bytes = new byte[2];
                BinaryPrimitives.WriteUInt16LittleEndian(bytes, checked((ushort)value));
                break;
            case "SS":
                bytes = new byte[2];
                BinaryPrimitives.WriteInt16LittleEndian(bytes, checked((short)value));
                break;
            case "UL":
                bytes = new byte[4];
                BinaryPrimitives.WriteUInt32LittleEndian(bytes, checked((uint)value));
                break;
            case "SL":
                bytes = new byte[4];
                BinaryPrimitives.WriteInt32LittleEndian(bytes, checked((int)value));
                break;
            case "SV":
                bytes = new byte[8];
                BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
                break;
            case "UV":
                bytes = new byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(bytes, checked((ulong)value));
                break;
            case "IS":
                return Add(tag, vr, checked((int)value).ToString(CultureInfo.InvariantCulture));
            default:
                return Add(tag, vr, (double)value);
        }
        return Put(tag, vr, bytes, 0);
    }

    /// <summary>A real number: binary for FL and FD, text for DS (at most 16 characters, the most precise that fit).</summary>
    public DicomDatasetBuilder Add(DicomTag tag, string vr, double value)
    {
        switch (vr)
        {
            case "FL":
                var single = new byte[4];
                BinaryPrimitives.WriteSingleLittleEndian(single, (float)value);
                return Put(tag, vr, single, 0);
            case "FD":
                var bytes = new byte[8];
                BinaryPrimitives.WriteDoubleLittleEndian(bytes, value);
                return Put(tag, vr, bytes, 0);
            case "DS":
                return Add(tag, vr, DecimalString(value));
            default:
                throw new ArgumentException($"VR {vr} of {tag} does not hold a number.", nameof(vr));
        }
    }

    /// <summary>Bytes as they are (OB, OW, UN and the other binary VRs), padded with NUL.</summary>
    public DicomDatasetBuilder Add(DicomTag tag, string vr, byte[] value)
    {
        if (!BinaryVrs.Contains(vr))
        {
            throw new ArgumentException($"VR {vr} of {tag} is not a binary VR.", nameof(vr));
        }
        return Put(tag, vr, value, 0);
    }

    /// <summary>16-bit words (OW pixel data, or a multi-valued US), little endian.</summary>
    public DicomDatasetBuilder Add(DicomTag tag, string vr, ushort[] values)
    {
        if (vr is not ("OW" or "US"))
        {
            throw new ArgumentException($"VR {vr} of {tag} does not hold 16-bit words.", nameof(vr));
        }
        var bytes = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2 * i), values[i]);
        }
        return Put(tag, vr, bytes, 0);
    }

    /// <summary>A date (DA), YYYYMMDD.</summary>
    public DicomDatasetBuilder AddDate(DicomTag tag, DateOnly date) => Add(tag, "DA", date.ToString("yyyyMMdd", CultureInfo.InvariantCulture));

    /// <summary>A time (TM), HHMMSS.</summary>
    public DicomDatasetBuilder AddTime(DicomTag tag, TimeOnly time) => Add(tag, "TM", time.ToString("HHmmss", CultureInfo.InvariantCulture));

    /// <summary>A date-time (DT) with its UTC offset, YYYYMMDDHHMMSS.FFFFFF&amp;ZZXX, so it means one instant.</summary>
    public DicomDatasetBuilder AddDateTime(DicomTag tag, DateTimeOffset when) =>
        Add(tag, "DT", when.ToString("yyyyMMddHHmmss.ffffff", CultureInfo.InvariantCulture) + UtcOffset(when));

    /// <summary>An offset from UTC as DICOM writes it, &amp;ZZXX (e.g. +0200), for DT values and Timezone Offset From UTC.</summary>
    internal static string UtcOffset(DateTimeOffset when) => when.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", "", StringComparison.Ordinal);

    /// <summary>A sequence (SQ) of the given items, each a data set of its own; none makes an empty sequence.</summary>
    public DicomDatasetBuilder AddSequence(DicomTag tag, params IEnumerable<DicomDatasetBuilder> items)
    {
        _elements.Add(tag, new BuiltElement(tag, "SQ", null, [.. items]));
        return this;
    }

    private DicomDatasetBuilder Put(DicomTag tag, string vr, byte[] value, byte padding)
    {
        var padded = value.Length % 2 == 0 ? value : [.. value, padding];
        if (padded.Length > MaxShortLength && !DicomWriter.HasLongLength(vr))
        {
            throw new ArgumentException($"{padded.Length} bytes for {tag}: VR {vr} has a 16-bit length.", nameof(value));
        }
        _elements.Add(tag, new BuiltElement(tag, vr, padded));
        return this;
    }

    /// <summary>The round-trip form when it fits DS's 16 characters, else the most significant digits that do.</summary>
    private static string DecimalString(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "DS holds finite numbers only.");
        }
        return Enumerable.Range(1, 17).Reverse()
            .Select(digits => value.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture))
            .First(text => text.Length <= 16);
    }
}
