namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The header that follows a user's request across the platform: the gateway sets it (keeping the caller's when
/// sane), every service logs it and writes it into audit records, and failures quote it.
/// </summary>
public static class CorrelationIds
{
    public const string HeaderName = "X-Correlation-Id";
}
