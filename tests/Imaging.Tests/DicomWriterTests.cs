using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using EdsPlatform.Imaging.Dicom;

namespace EdsPlatform.Imaging.Tests;

/// <summary>The writer against our reader: what it writes reads back, value for value, with the padding and order Part 10 asks for.</summary>
public sealed class DicomWriterTests
{
    private static readonly DicomTag PrivateOb = new(0x0009, 0x1010);

    [Fact]
    public void Strings_numbers_sequences_and_pixel_data_read_back_as_written()
    {
        ushort[] pixels = [0, 1, 4095, 65535, 2, 3];
        var set = new DicomDatasetBuilder()
            .Add(DicomTag.PixelData, "OW", pixels) // added out of order on purpose
            .Add(DicomTag.PatientName, "PN", "Müller^Zoé")
            .Add(DicomTag.Modality, "CS", "MR")
            .Add(DicomTag.StudyInstanceUid, "UI", "1.2.3") // odd length: NUL padded
            .Add(DicomTag.AccessionNumber, "SH", "ACC") // odd length: space padded
            .Add(DicomTag.Rows, "US", 2)
            .Add(DicomTag.Columns, "US", (ushort)3)
            .Add(DicomTag.SeriesNumber, "IS", 42)
            .Add(DicomTag.WindowCenter, "DS", 40.5)
            .Add(DicomTag.WindowWidth, "DS", 1.0 / 3)
            .Add(PrivateOb, "OB", [1, 2, 3])
            .Add(DicomTag.TextValue, "UT", new string('x', 70_001)) // longer than a 16-bit length allows
            .AddSequence(DicomTag.ReferencedPerformedProcedureStepSequence)
            .AddSequence(DicomTag.ContentSequence,
                new DicomDatasetBuilder().Add(DicomTag.CodeValue, "SH", "126000").Add(DicomTag.CodeMeaning, "LO", "Odd"),
                new DicomDatasetBuilder().AddSequence(DicomTag.ConceptNameCodeSequence, new DicomDatasetBuilder().Add(DicomTag.CodeValue, "SH", "nested")));

        var bytes = DicomWriter.Write(set, "1.2.840.10008.5.1.4.1.1.4", "1.2.3.4.5");
        var file = DicomFile.Read(new MemoryStream(bytes));
        var read = file.Dataset;

        Assert.Equal(new byte[128], bytes[..128]);
        Assert.Equal("DICM", Encoding.ASCII.GetString(bytes, 128, 4));
        Assert.Equal(TransferSyntaxes.ExplicitVrLittleEndian, file.TransferSyntax);
        Assert.Equal("1.2.840.10008.5.1.4.1.1.4", file.Meta.GetString(DicomTag.MediaStorageSopClassUid));
        Assert.Equal("1.2.3.4.5", file.Meta.GetString(DicomTag.MediaStorageSopInstanceUid));
        Assert.Equal(DicomWriter.ImplementationClassUid, file.Meta.GetString(DicomTag.ImplementationClassUid));
        Assert.Equal("EDSPLATFORM", file.Meta.GetString(DicomTag.ImplementationVersionName));
        Assert.Equal(new byte[] { 0, 1 }, file.Meta[DicomTag.FileMetaInformationVersion]!.Value);
        // The group length counts the meta elements after it: the data set starts right there.
        var groupLength = BitConverter.ToInt32(file.Meta[DicomTag.FileMetaInformationGroupLength]!.Value);
        Assert.Equal(0x0008, BitConverter.ToUInt16(bytes, 132 + 12 + groupLength));

        Assert.Equal("1.2.840.10008.5.1.4.1.1.4", read.GetString(DicomTag.SopClassUid));
        Assert.Equal("1.2.3.4.5", read.GetString(DicomTag.SopInstanceUid));
        Assert.Equal("Müller^Zoé", read.GetString(DicomTag.PatientName));
        Assert.Equal("MR", read.GetString(DicomTag.Modality));
        Assert.Equal("1.2.3\0"u8.ToArray(), read[DicomTag.StudyInstanceUid]!.Value);
        Assert.Equal("ACC "u8.ToArray(), read[DicomTag.AccessionNumber]!.Value);
        Assert.Equal("1.2.3", read.GetString(DicomTag.StudyInstanceUid));
        Assert.Equal(((ushort)2, (ushort)3), (read.GetUInt16(DicomTag.Rows)!.Value, read.GetUInt16(DicomTag.Columns)!.Value));
        Assert.Equal(42, read.GetNumber(DicomTag.SeriesNumber));
        Assert.Equal(40.5, read.GetNumber(DicomTag.WindowCenter));
        Assert.True(read[DicomTag.WindowWidth]!.Value!.Length <= 16);
        Assert.Equal(1.0 / 3, read.GetNumber(DicomTag.WindowWidth)!.Value, 1e-14);
        Assert.Equal(new byte[] { 1, 2, 3, 0 }, read[PrivateOb]!.Value);
        Assert.Equal(70_002, read[DicomTag.TextValue]!.Value!.Length);
        Assert.Empty(read.GetItems(DicomTag.ReferencedPerformedProcedureStepSequence));
        var items = read.GetItems(DicomTag.ContentSequence);
        Assert.Equal(2, items.Count);
        Assert.Equal(("126000", "Odd"), (items[0].GetString(DicomTag.CodeValue), items[0].GetString(DicomTag.CodeMeaning)));
        Assert.Equal("nested", Assert.Single(items[1].GetItems(DicomTag.ConceptNameCodeSequence)).GetString(DicomTag.CodeValue));
        Assert.Equal(pixels.Select(p => (int)p), Assert.Single(DicomPixels.Frames(file)).Values);

        // Elements are written in tag order whatever the order they were added in.
        var modality = IndexOf(bytes, [0x08, 0x00, 0x60, 0x00, (byte)'C', (byte)'S']);
        var patientName = IndexOf(bytes, [0x10, 0x00, 0x10, 0x00, (byte)'P', (byte)'N']);
        var pixelData = IndexOf(bytes, [0xE0, 0x7F, 0x10, 0x00, (byte)'O', (byte)'W']);
        Assert.True(modality > 132 && modality < patientName && patientName < pixelData);
    }

    [Fact]
    public void Mistakes_are_refused_where_they_are_made()
    {
        Assert.Throws<ArgumentException>(() => new DicomDatasetBuilder().Add(DicomTag.Modality, "CS", "MR").Add(DicomTag.Modality, "CS", "CT"));
        Assert.Throws<ArgumentException>(() => new DicomDatasetBuilder().Add(DicomTag.Rows, "US", "256"));
        Assert.Throws<ArgumentException>(() => new DicomDatasetBuilder().Add(DicomTag.PatientName, "PN", new string('a', 70_000)));
        Assert.Throws<OverflowException>(() => new DicomDatasetBuilder().Add(DicomTag.Rows, "US", 70_000));
        var withSop = new DicomDatasetBuilder().Add(DicomTag.SopInstanceUid, "UI", "1.2");
        Assert.Throws<ArgumentException>(() => DicomWriter.Write(withSop, "1.2.3", "1.2.4"));
        var withMeta = new DicomDatasetBuilder().Add(DicomTag.TransferSyntaxUid, "UI", TransferSyntaxes.ImplicitVrLittleEndian);
        Assert.Throws<ArgumentException>(() => DicomWriter.Write(withMeta, "1.2.3", "1.2.4"));
    }

    [Fact]
    public void Uids_are_2_25_numbers_random_or_derived_from_a_name()
    {
        var first = DicomUids.New();
        Assert.Matches(@"^2\.25\.[1-9][0-9]*$", first);
        Assert.True(first.Length <= 64);
        Assert.NotEqual(first, DicomUids.New());

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("study 42"));
        var expected = BigInteger.Zero;
        foreach (var b in hash[..16])
        {
            expected = expected * 256 + b;
        }
        Assert.Equal($"2.25.{expected}", DicomUids.FromName("study 42"));
        Assert.Equal(DicomUids.FromName("study 42"), DicomUids.FromName("study 42"));
        Assert.NotEqual(DicomUids.FromName("study 42"), DicomUids.FromName("study 43"));
        Assert.StartsWith("2.25.", DicomWriter.ImplementationClassUid, StringComparison.Ordinal);
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
