using Microsoft.AspNetCore.Builder;

namespace Microsoft.Extensions.Hosting;

public static class WebSecurityExtensions
{
    /// <summary>
    /// Headers every response of the platform carries: no MIME sniffing, no framing (clickjacking), no
    /// referrer leaking patient-bearing URLs, and a content security policy that allows only the
    /// application's own scripts.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers.ContentSecurityPolicy =
                    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
                    "connect-src 'self' ws: wss:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";
                return Task.CompletedTask;
            });
            await next();
        });
}
