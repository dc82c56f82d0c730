using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The JWT handler with a memory of the tokens it accepted: a session sends the same access token on every request,
/// so its signature, issuer, audience and type are checked once and the answer reused until the token expires (or
/// for five minutes at most, so that a rotated signing key is honoured soon). Refusals are never remembered. Each
/// request gets its own copy of the identity, so nothing one request adds leaks into another.
/// </summary>
internal sealed class CachingTokenHandler(TimeProvider clock) : JsonWebTokenHandler
{
    private const int MaxEntries = 10_000;
    private static readonly TimeSpan MaxReuse = TimeSpan.FromMinutes(5);

    private sealed record Accepted(TokenValidationResult Result, DateTimeOffset Until);

    private readonly ConcurrentDictionary<string, Accepted> _accepted = new(StringComparer.Ordinal);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = clock.GetUtcNow();
        if (_accepted.TryGetValue(token, out var accepted))
        {
            if (accepted.Until > now)
            {
                return Copy(accepted.Result);
            }
            _accepted.TryRemove(token, out _);
        }
        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is JsonWebToken jwt)
        {
            if (_accepted.Count >= MaxEntries)
            {
                _accepted.Clear(); // a crude bound: the next requests validate again, memory stays flat
            }
            var expires = new DateTimeOffset(DateTime.SpecifyKind(jwt.ValidTo, DateTimeKind.Utc));
            _accepted[token] = new Accepted(result, expires < now + MaxReuse ? expires : now + MaxReuse);
            return Copy(result);
        }
        return result;
    }

    private static TokenValidationResult Copy(TokenValidationResult result) => new()
    {
        IsValid = true,
        ClaimsIdentity = result.ClaimsIdentity.Clone(),
        SecurityToken = result.SecurityToken,
        TokenType = result.TokenType,
        Issuer = result.Issuer,
        TokenContext = result.TokenContext,
    };
}
