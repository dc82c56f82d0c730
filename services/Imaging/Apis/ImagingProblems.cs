using EdsPlatform.Imaging.Dicom;
using EdsPlatform.Imaging.Inference;
using Microsoft.AspNetCore.Diagnostics;

namespace EdsPlatform.Imaging.Apis;

/// <summary>
/// The caller's mistakes thrown from deep inside (a tensor that does not fit, an unknown model, a file that is not
/// DICOM or in a transfer syntax not decoded) as problem details with their status: 4xx naming the problem, 415 for a
/// pixel encoding this server does not decode, Retry-After on 429 and 503.
/// </summary>
public sealed class ImagingProblems(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail, retryAfter) = exception switch
        {
            InferenceException inference => (inference.Status, inference.Title, inference.Message, inference.RetryAfter),
            DicomFormatException { Unsupported: true } unsupported => (StatusCodes.Status415UnsupportedMediaType, "Unsupported transfer syntax", unsupported.Message, null),
            DicomFormatException invalid => (StatusCodes.Status400BadRequest, "Not a readable DICOM file", invalid.Message, (TimeSpan?)null),
            _ => (0, "", "", null),
        };
        if (status == 0)
        {
            return false;
        }
        context.Response.StatusCode = status;
        if (retryAfter is { } delay)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(delay.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
