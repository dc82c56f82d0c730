using System.Diagnostics;

namespace EdsPlatform.Gateway;

/// <summary>
/// Every request gets an X-Correlation-Id (the caller's, when it sends a sane one): forwarded to the
/// service, returned to the caller, and attached to the logs and the trace, so a user's report can be
/// followed across the stack.
/// </summary>
public static class CorrelationId
{
    public static IApplicationBuilder UseCorrelationId(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("EdsPlatform.Gateway");
        return app.Use(async (context, next) =>
        {
            var incoming = context.Request.Headers[CorrelationIds.HeaderName].ToString();
            var id = IsSane(incoming) ? incoming : Guid.NewGuid().ToString("N");
            context.Request.Headers[CorrelationIds.HeaderName] = id;
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[CorrelationIds.HeaderName] = id;
                return Task.CompletedTask;
            });
            Activity.Current?.SetTag("correlation.id", id);
            using (logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = id }))
            {
                await next();
            }
        });
    }

    /// <summary>Short, and letters, digits and dashes only: a header value must not smuggle anything into logs.</summary>
    private static bool IsSane(string value) =>
        value.Length is > 0 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
