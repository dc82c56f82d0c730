using EdsPlatform.Imaging.Contracts;
using EdsPlatform.Imaging.Dicom;
using EdsPlatform.Imaging.Studies;
using Microsoft.Extensions.Options;

namespace EdsPlatform.Imaging.Apis;

/// <summary>
/// DICOM studies sent by a user: the files of one study (multipart/form-data), each read, the matching models run,
/// and the results returned as JSON (header summaries, findings, preview, SR) or, with Accept: application/dicom, as
/// the DICOM SR file itself. Nothing is stored: an upload is not the warehouse (the warehouse's studies are analysed by
/// project jobs, which write IMAGE_FEATURE).
/// </summary>
public static class StudiesApi
{
    public const string DicomMediaType = "application/dicom";

    public static IEndpointRouteBuilder MapStudiesApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/imaging/studies", AnalyzeAsync).RequireAuthorization(PlatformPolicies.SignedIn).DisableAntiforgery()
            .WithName("AnalyzeStudy")
            .WithSummary("Reads the DICOM files of one study (multipart), runs the models whose selection matches each series, and returns findings, a preview and the DICOM SR.");
        return app;
    }

    private static async Task<IResult> AnalyzeAsync(HttpRequest request, StudyAnalyzer analyzer, IOptions<ImagingOptions> options, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send DICOM files as multipart/form-data",
                detail: "POST the files of one study as multipart/form-data parts (any field name).");
        }
        var form = await request.ReadFormAsync(cancellationToken);
        if (form.Files.Count == 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["files"] = ["No DICOM file in the request."] });
        }
        if (form.Files.Count > options.Value.MaxFilesPerStudy)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["files"] = [$"At most {options.Value.MaxFilesPerStudy} files per study."] });
        }
        var instances = new List<StudyInstance>();
        foreach (var file in form.Files)
        {
            using var content = new MemoryStream((int)file.Length);
            await file.CopyToAsync(content, cancellationToken);
            try
            {
                instances.Add(StudyAnalyzer.Read(content.ToArray()));
            }
            catch (DicomFormatException invalid)
            {
                throw new DicomFormatException($"{file.FileName}: {invalid.Message}");
            }
        }
        if (instances.Select(i => i.Summary.StudyInstanceUid).Distinct().Count() > 1)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["files"] = ["The files belong to different studies (StudyInstanceUID); send one study at a time."] });
        }
        var analysis = await analyzer.AnalyzeAsync(instances, cancellationToken);
        if (request.GetTypedHeaders().Accept.Any(accept => accept.MediaType.Equals(DicomMediaType, StringComparison.OrdinalIgnoreCase)))
        {
            return analysis.StructuredReport is { } report
                ? TypedResults.File(Convert.FromBase64String(report), DicomMediaType, "ai-results-sr.dcm")
                : TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "No model matched the study",
                    detail: "No ready model's selection rules (modality, body part, series description) match these series: there is no result to report.");
        }
        return TypedResults.Ok(analysis);
    }
}
