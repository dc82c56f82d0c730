namespace EdsPlatform.Contracts;

/// <summary>A count about patients as shown to researchers: small counts hidden as "&lt;10" (the value then is null).</summary>
public sealed record ShownCount(long? Value, string Display);
