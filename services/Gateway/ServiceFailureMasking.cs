using Yarp.ReverseProxy.Transforms;

namespace EdsPlatform.Gateway;

/// <summary>
/// A service's unhandled failure (500, or any 5xx that is not problem details) reaches the caller as the
/// gateway's own problem details: whatever the service wrote (an exception, a stack trace, source paths) stays
/// behind the gateway. Deliberate 5xx problems, such as a 503 "access check unavailable", pass as they are.
/// </summary>
public static class ServiceFailureMasking
{
    public static IReverseProxyBuilder AddServiceFailureMasking(this IReverseProxyBuilder proxy) =>
        proxy.AddTransforms(transforms => transforms.AddResponseTransform(async context =>
        {
            if (context.ProxyResponse is not { } response || (int)response.StatusCode < StatusCodes.Status500InternalServerError
                || ((int)response.StatusCode != StatusCodes.Status500InternalServerError && response.Content.Headers.ContentType?.MediaType == "application/problem+json"))
            {
                return;
            }
            context.SuppressResponseBody = true;
            var client = context.HttpContext.Response;
            client.Headers.ContentLength = null;
            client.Headers.ContentType = default;
            client.Headers.ContentEncoding = default;
            var status = (int)response.StatusCode;
            await AuthenticationExtensions.WriteProblemAsync(context.HttpContext, status, "The service failed",
                $"The request could not be completed. Quote the correlation id {context.HttpContext.Request.Headers[CorrelationIds.HeaderName]} when reporting it.", null);
        }));
}
