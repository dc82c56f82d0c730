using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Failures answered as RFC 7807 problem details without the exception: ASP.NET's developer exception page
/// (on under <c>dotnet run</c>) puts the stack trace and source paths in the answer, and a caller must never
/// see them. Exception details are added only when <c>ServiceDefaults:ExceptionDetails</c> is true.
/// </summary>
public static class ErrorHandling
{
    public const string ExceptionDetailsKey = "ServiceDefaults:ExceptionDetails";

    public static TBuilder AddDefaultProblemDetails<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var exceptionDetails = builder.Configuration.GetValue<bool>(ExceptionDetailsKey);
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            switch (context.Exception)
            {
                // The caller's own mistake (a body that does not bind, a wrong content type): say what it was.
                case BadHttpRequestException bad:
                    context.ProblemDetails.Detail = bad.Message;
                    break;
                case { } failure when exceptionDetails:
                    context.ProblemDetails.Extensions["exception"] = failure.ToString();
                    break;
            }
        });
        return builder;
    }

    /// <summary>
    /// The first middleware of every service: unhandled exceptions become problem details (400 and the like for
    /// a bad request, 503 for a database or a peer service that cannot be reached, 500 otherwise) before the developer exception page could show them; an error status without
    /// a body (no such route, wrong method or content type) gets problem details too; then text validation.
    /// </summary>
    public static WebApplication UseServiceDefaults(this WebApplication app, bool validateText = true)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => exception switch
            {
                BadHttpRequestException bad => bad.StatusCode,
                // A database that is restarting or unreachable: try again shortly, nothing is broken.
                System.Data.Common.DbException { IsTransient: true } or TimeoutException => StatusCodes.Status503ServiceUnavailable,
                // A platform service this one depends on is down, failing or shed by the circuit breaker: the same.
                HttpRequestException or Polly.CircuitBreaker.BrokenCircuitException or Polly.Timeout.TimeoutRejectedException => StatusCodes.Status503ServiceUnavailable,
                _ => StatusCodes.Status500InternalServerError,
            },
        });
        app.UseStatusCodePages();
        if (validateText)
        {
            app.UseRequestTextValidation();
        }
        return app;
    }
}
