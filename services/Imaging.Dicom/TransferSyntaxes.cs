namespace EdsPlatform.Imaging.Dicom;

/// <summary>The transfer syntaxes the reader knows, by UID.</summary>
public static class TransferSyntaxes
{
    public const string ImplicitVrLittleEndian = "1.2.840.10008.1.2";
    public const string ExplicitVrLittleEndian = "1.2.840.10008.1.2.1";
    public const string DeflatedExplicitVrLittleEndian = "1.2.840.10008.1.2.1.99";
    public const string ExplicitVrBigEndian = "1.2.840.10008.1.2.2";
    public const string RleLossless = "1.2.840.10008.1.2.5";

    /// <summary>A transfer syntax's name, for messages: the compressed ones a caller is most likely to send, else "unknown".</summary>
    public static string Name(string uid) => uid switch
    {
        ImplicitVrLittleEndian => "Implicit VR Little Endian",
        ExplicitVrLittleEndian => "Explicit VR Little Endian",
        DeflatedExplicitVrLittleEndian => "Deflated Explicit VR Little Endian",
        ExplicitVrBigEndian => "Explicit VR Big Endian",
        RleLossless => "RLE Lossless",
        "1.2.840.10008.1.2.4.50" => "JPEG Baseline (Process 1)",
        "1.2.840.10008.1.2.4.51" => "JPEG Extended (Process 2 & 4)",
        "1.2.840.10008.1.2.4.57" => "JPEG Lossless, Non-Hierarchical (Process 14)",
        "1.2.840.10008.1.2.4.70" => "JPEG Lossless, First-Order Prediction (Process 14 SV1)",
        "1.2.840.10008.1.2.4.80" => "JPEG-LS Lossless",
        "1.2.840.10008.1.2.4.81" => "JPEG-LS Near-Lossless",
        "1.2.840.10008.1.2.4.90" => "JPEG 2000 Lossless",
        "1.2.840.10008.1.2.4.91" => "JPEG 2000",
        "1.2.840.10008.1.2.4.201" or "1.2.840.10008.1.2.4.202" or "1.2.840.10008.1.2.4.203" => "High-Throughput JPEG 2000",
        _ => "unknown transfer syntax",
    };

    /// <summary>How a transfer syntax encodes the data set. Any other (JPEG family) is explicit little endian with encapsulated pixels.</summary>
    internal static (bool Explicit, bool BigEndian, bool Deflated) Encoding(string uid) => uid switch
    {
        ImplicitVrLittleEndian => (false, false, false),
        ExplicitVrBigEndian => (true, true, false),
        DeflatedExplicitVrLittleEndian => (true, false, true),
        _ => (true, false, false),
    };
}
