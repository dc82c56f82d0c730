namespace EdsPlatform.Gateway;

/// <summary>Section "Gateway": the limits the gateway enforces before anything reaches a service.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Requests each user (or each anonymous client address) may make per second, with a burst of as many.</summary>
    public int RequestsPerSecondPerUser { get; set; } = 100;

    /// <summary>Largest request body by default; a route may allow more with metadata "MaxRequestBodyBytes".</summary>
    public long MaxRequestBodyBytes { get; set; } = 1_048_576;
}
