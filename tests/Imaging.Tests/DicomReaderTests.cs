using EdsPlatform.Imaging.Dicom;

namespace EdsPlatform.Imaging.Tests;

/// <summary>The DICOM reader on pydicom's sample files: every encoding the issue names, and malformed files refused with a sentence.</summary>
public sealed class DicomReaderTests
{
    private static DicomFile Open(string name) => DicomFile.Open(Path.Combine(AppContext.BaseDirectory, "Data", "dicom", name));

    private static int[] Pixels(string name) => Assert.Single(DicomPixels.Frames(Open(name))).Values;

    [Fact]
    public void The_same_MR_image_reads_identically_in_explicit_little_endian_implicit_big_endian_and_RLE()
    {
        var reference = Open("MR_small.dcm");
        Assert.Equal(TransferSyntaxes.ExplicitVrLittleEndian, reference.TransferSyntax);
        Assert.Equal(("MR", (ushort)64, (ushort)64), (reference.Dataset.GetString(DicomTag.Modality), reference.Dataset.GetUInt16(DicomTag.Rows), reference.Dataset.GetUInt16(DicomTag.Columns)));
        var pixels = Pixels("MR_small.dcm");
        Assert.Equal(64 * 64, pixels.Length);
        Assert.True(pixels.Distinct().Count() > 100); // an image, not a constant

        Assert.Equal(TransferSyntaxes.ImplicitVrLittleEndian, Open("MR_small_implicit.dcm").TransferSyntax);
        Assert.Equal(TransferSyntaxes.ExplicitVrBigEndian, Open("MR_small_bigendian.dcm").TransferSyntax);
        Assert.Equal(TransferSyntaxes.RleLossless, Open("MR_small_RLE.dcm").TransferSyntax);
        Assert.Equal(pixels, Pixels("MR_small_implicit.dcm"));
        Assert.Equal(pixels, Pixels("MR_small_bigendian.dcm"));
        Assert.Equal(pixels, Pixels("MR_small_RLE.dcm"));
        Assert.Equal(reference.Dataset.GetString(DicomTag.PatientName), Open("MR_small_bigendian.dcm").Dataset.GetString(DicomTag.PatientName));
    }

    [Fact]
    public void A_CT_with_its_rescale_and_the_same_data_set_without_file_meta_read_alike()
    {
        var ct = Open("CT_small.dcm");
        Assert.Equal(("CT", (ushort)128, (ushort)128), (ct.Dataset.GetString(DicomTag.Modality), ct.Dataset.GetUInt16(DicomTag.Rows), ct.Dataset.GetUInt16(DicomTag.Columns)));
        Assert.NotNull(ct.Dataset.GetNumber(DicomTag.RescaleSlope));
        // The same data set without preamble and file meta (what old archives hold): its encoding is recognised.
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Data", "dicom", "CT_small.dcm"));
        var metaLength = BitConverter.ToInt32(bytes, 132 + 8);
        var bare = DicomFile.Read(new MemoryStream(bytes[(132 + 12 + metaLength)..]));
        Assert.Empty(bare.Meta.Elements);
        Assert.Equal(TransferSyntaxes.ExplicitVrLittleEndian, bare.TransferSyntax);
        Assert.Equal(ct.Dataset.GetString(DicomTag.SopInstanceUid), bare.Dataset.GetString(DicomTag.SopInstanceUid));
        Assert.Equal(Pixels("CT_small.dcm"), Assert.Single(DicomPixels.Frames(bare)).Values);
    }

    [Fact]
    public void Deflated_big_endian_without_meta_and_meta_without_a_transfer_syntax_are_read()
    {
        var deflated = Open("image_dfl.dcm");
        Assert.Equal(TransferSyntaxes.DeflatedExplicitVrLittleEndian, deflated.TransferSyntax);
        Assert.Equal("WSD", deflated.Dataset.GetString(DicomTag.ConversionType));

        var bigEndian = Open("ExplVR_BigEndNoMeta.dcm");
        Assert.Equal(TransferSyntaxes.ExplicitVrBigEndian, bigEndian.TransferSyntax);
        Assert.NotEmpty(bigEndian.Dataset.Elements);

        var defaulted = Open("meta_missing_tsyntax.dcm");
        Assert.Equal(TransferSyntaxes.ImplicitVrLittleEndian, defaulted.TransferSyntax);
        Assert.NotEmpty(defaulted.Meta.Elements);
    }

    [Fact]
    public void Nested_sequences_and_a_file_without_preamble_are_read()
    {
        static int Depth(DicomDataset set) => set.Elements.Values.Where(e => e.Items is not null).Select(e => 1 + e.Items!.Select(Depth).DefaultIfEmpty(0).Max()).DefaultIfEmpty(0).Max();
        var report = Open("test-SR.dcm");
        Assert.True(Depth(report.Dataset) >= 3);
        var structures = Open("rtstruct.dcm");
        Assert.Contains(structures.Dataset.Elements.Values, e => e.Items is { Count: > 0 });
    }

    [Fact]
    public void A_truncated_file_is_refused_with_a_sentence_that_says_where()
    {
        var failure = Assert.Throws<DicomFormatException>(() => DicomPixels.Frames(Open("MR_truncated.dcm")));
        Assert.Contains("runcated", failure.Message, StringComparison.Ordinal);
        Assert.Throws<DicomFormatException>(() => DicomFile.Read(new MemoryStream([1, 2, 3])));
    }
}
