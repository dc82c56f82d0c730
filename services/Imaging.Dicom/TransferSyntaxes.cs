namespace EdsPlatform.Imaging.Dicom;

/// <summary>The transfer syntaxes the reader knows, by UID.</summary>
public static class TransferSyntaxes
{
    public const string ImplicitVrLittleEndian = "1.2.840.10008.1.2";
    public const string ExplicitVrLittleEndian = "1.2.840.10008.1.2.1";
    public const string DeflatedExplicitVrLittleEndian = "1.2.840.10008.1.2.1.99";
    public const string ExplicitVrBigEndian = "1.2.840.10008.1.2.2";
    public const string RleLossless = "1.2.840.10008.1.2.5";

    /// <summary>How a transfer syntax encodes the data set. Any other (JPEG family) is explicit little endian with encapsulated pixels.</summary>
    internal static (bool Explicit, bool BigEndian, bool Deflated) Encoding(string uid) => uid switch
    {
        ImplicitVrLittleEndian => (false, false, false),
        ExplicitVrBigEndian => (true, true, false),
        DeflatedExplicitVrLittleEndian => (true, false, true),
        _ => (true, false, false),
    };
}
