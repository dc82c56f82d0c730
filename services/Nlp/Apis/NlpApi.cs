using System.Globalization;
using EdsPlatform.Nlp.Pipeline;
using EdsPlatform.Nlp.Pipeline.Pseudonymization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EdsPlatform.Nlp.Apis;

public sealed record AnalyzeRequest(string? Text, string? NoteDate, string? DocumentType);

public sealed record AnalyzeBatchRequest(List<AnalyzeRequest?>? Texts);

public sealed record SpanInput(int Start, int End);

public sealed record QualifyRequest(string? Text, List<SpanInput?>? Spans, string? NoteDate);

public sealed record PseudonymizeRequest(string? Text, string? NoteDate, string? Mode, int? DateShiftDays);

public sealed record PseudonymizeBatchRequest(List<PseudonymizeRequest?>? Texts);

public sealed record QualifyResponse(IReadOnlyList<Entity> Spans);

public sealed record TemplateView(string DocumentType, string Title, IEnumerable<string> Fields);

/// <summary>
/// Analysis, qualification and pseudonymisation of the caller's own text: for anyone signed in, nothing stored, the
/// text never logged (the service logs no request bodies and its errors name fields, never values). Offsets are UTF-16
/// indices into the submitted text, end exclusive.
/// </summary>
public static class NlpApi
{
    public static IEndpointRouteBuilder MapNlpApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/nlp").RequireAuthorization(PlatformPolicies.SignedIn);
        api.MapPost("/analyze", Analyze)
            .WithName("AnalyzeText").WithSummary("Sections, entities (diagnoses with CIM-10, drugs with ATC and posology, dates, measurements) with their qualifiers, and the document type's template.");
        api.MapPost("/analyze/batch", AnalyzeBatch)
            .WithName("AnalyzeTexts").WithSummary("The analysis of several texts, in order.");
        api.MapPost("/qualify", Qualify)
            .WithName("QualifySpans").WithSummary("Negation, hypothesis, family, history and reported speech (with their cues) for spans the caller gives.");
        api.MapPost("/pseudonymize", Pseudonymize)
            .WithName("PseudonymizeText").WithSummary("Identifiers (eds-pseudo's 13 labels) and the text with them replaced by tags or consistent surrogates.");
        api.MapPost("/pseudonymize/batch", PseudonymizeBatch)
            .WithName("PseudonymizeTexts").WithSummary("The pseudonymisation of several texts, in order, each with its own surrogates and date shift.");
        api.MapGet("/templates", (ClinicalPipeline pipeline) => TypedResults.Ok(pipeline.Templates.Templates.Values
                .Select(t => new TemplateView(t.DocumentType, t.Title, t.FieldNames)).OrderBy(t => t.DocumentType, StringComparer.Ordinal).ToList()))
            .WithName("ListTemplates").WithSummary("The document types that have a report template, and their fields.");
        return app;
    }

    private static Results<Ok<AnalysisResponse>, ValidationProblem, ProblemHttpResult> Analyze(AnalyzeRequest request, ClinicalPipeline pipeline, IOptions<NlpOptions> options)
    {
        var (inputs, tooLong, invalid) = CheckAll([request], batchField: null, r => r?.Text, (r, prefix, errors) => CheckAnalyze(r, prefix, pipeline, errors), options.Value);
        if (tooLong is not null)
        {
            return tooLong;
        }
        return invalid is not null ? invalid : TypedResults.Ok(Run(pipeline, inputs[0]));
    }

    private static Results<Ok<List<AnalysisResponse>>, ValidationProblem, ProblemHttpResult> AnalyzeBatch(AnalyzeBatchRequest request, ClinicalPipeline pipeline, IOptions<NlpOptions> options)
    {
        var (inputs, tooLong, invalid) = CheckAll(request.Texts ?? [], "texts", r => r?.Text, (r, prefix, errors) => CheckAnalyze(r, prefix, pipeline, errors), options.Value);
        if (tooLong is not null)
        {
            return tooLong;
        }
        return invalid is not null ? invalid : TypedResults.Ok(inputs.Select(input => Run(pipeline, input)).ToList());
    }

    private static Results<Ok<QualifyResponse>, ValidationProblem, ProblemHttpResult> Qualify(QualifyRequest request, ClinicalPipeline pipeline, IOptions<NlpOptions> options)
    {
        if (TooLong(request.Text, options.Value) is { } tooLong)
        {
            return tooLong;
        }
        var errors = new Dictionary<string, string[]>();
        var text = CheckText(request.Text, "text", errors);
        var noteDate = CheckDate(request.NoteDate, "noteDate", errors);
        var spans = request.Spans ?? [];
        if (spans.Count == 0 || spans.Count > options.Value.MaxSpans)
        {
            errors["spans"] = [$"Give 1 to {options.Value.MaxSpans} spans."];
        }
        for (var i = 0; i < Math.Min(spans.Count, options.Value.MaxSpans); i++)
        {
            if (spans[i] is not { } span || span.Start < 0 || span.End <= span.Start || text is not null && span.End > text.Length)
            {
                errors[$"spans[{i}]"] = [$"A span is {{start, end}} with 0 ≤ start < end ≤ the text's length ({text?.Length ?? 0}), in UTF-16 code units."];
            }
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return TypedResults.Ok(new QualifyResponse(pipeline.Qualify(text!, spans.Select(s => new TextSpan(s!.Start, s.End)).ToList(), noteDate)));
    }

    private static Results<Ok<PseudonymizeResponse>, ValidationProblem, ProblemHttpResult> Pseudonymize(PseudonymizeRequest request, ClinicalPipeline pipeline, IOptions<NlpOptions> options)
    {
        var (inputs, tooLong, invalid) = CheckAll([request], batchField: null, r => r?.Text, CheckPseudonymize, options.Value);
        if (tooLong is not null)
        {
            return tooLong;
        }
        return invalid is not null ? invalid : TypedResults.Ok(RunPseudonymize(pipeline, inputs[0]));
    }

    private static Results<Ok<List<PseudonymizeResponse>>, ValidationProblem, ProblemHttpResult> PseudonymizeBatch(PseudonymizeBatchRequest request, ClinicalPipeline pipeline, IOptions<NlpOptions> options)
    {
        var (inputs, tooLong, invalid) = CheckAll(request.Texts ?? [], "texts", r => r?.Text, CheckPseudonymize, options.Value);
        if (tooLong is not null)
        {
            return tooLong;
        }
        return invalid is not null ? invalid : TypedResults.Ok(inputs.Select(input => RunPseudonymize(pipeline, input)).ToList());
    }

    /// <summary>
    /// One text, or a batch of them (items named <paramref name="batchField"/>[i]), checked alike: 413 for the first text
    /// over the limit, else 400 naming every field at fault, else the checked inputs in order.
    /// </summary>
    private static (List<T> Inputs, ProblemHttpResult? TooLong, ValidationProblem? Invalid) CheckAll<TRequest, T>(IReadOnlyList<TRequest?> requests, string? batchField,
        Func<TRequest?, string?> textOf, Func<TRequest, string, Dictionary<string, string[]>, T?> check, NlpOptions options)
        where TRequest : class
        where T : struct
    {
        if (batchField is not null && (requests.Count == 0 || requests.Count > options.MaxBatchSize))
        {
            return ([], null, TypedResults.ValidationProblem(new Dictionary<string, string[]> { [batchField] = [$"A batch has 1 to {options.MaxBatchSize} texts."] }));
        }
        var errors = new Dictionary<string, string[]>();
        var inputs = new List<T>(requests.Count);
        for (var i = 0; i < requests.Count; i++)
        {
            if (TooLong(textOf(requests[i]), options) is { } tooLong)
            {
                return ([], tooLong, null);
            }
            var item = batchField is null ? "" : $"{batchField}[{i}]";
            if (requests[i] is not { } request)
            {
                errors[item] = ["Each item is an object with a text."];
            }
            else if (check(request, batchField is null ? "" : item + ".", errors) is { } input)
            {
                inputs.Add(input);
            }
        }
        return errors.Count > 0 ? ([], null, TypedResults.ValidationProblem(errors)) : (inputs, null, null);
    }

    private static AnalysisResponse Run(ClinicalPipeline pipeline, (string Text, DateOnly NoteDate, string? DocumentType) input)
    {
        var analysis = pipeline.Analyze(input.Text, input.NoteDate, input.DocumentType);
        return new AnalysisResponse(analysis.Sections, analysis.Entities, analysis.Template, input.NoteDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ClinicalPipeline.SystemName);
    }

    private static PseudonymizeResponse RunPseudonymize(ClinicalPipeline pipeline, (string Text, DateOnly NoteDate, PseudonymizationMode Mode, int? Shift) input)
    {
        var result = pipeline.Pseudonymize(input.Text, input.NoteDate, input.Mode, input.Shift);
        return new PseudonymizeResponse(result.Entities, result.Text, input.Mode == PseudonymizationMode.Tags ? "tags" : "surrogates", result.DateShiftDays);
    }

    private static (string, DateOnly, string?)? CheckAnalyze(AnalyzeRequest request, string prefix, ClinicalPipeline pipeline, Dictionary<string, string[]> errors)
    {
        var text = CheckText(request.Text, prefix + "text", errors);
        var noteDate = CheckDate(request.NoteDate, prefix + "noteDate", errors);
        if (request.DocumentType is { } type && !pipeline.Templates.Templates.ContainsKey(type))
        {
            errors[prefix + "documentType"] = [$"Known document types: {string.Join(", ", pipeline.Templates.Templates.Keys.Order(StringComparer.Ordinal))} (GET /api/nlp/templates)."];
        }
        return text is null || errors.Count > 0 ? null : (text, noteDate, request.DocumentType);
    }

    private static (string, DateOnly, PseudonymizationMode, int?)? CheckPseudonymize(PseudonymizeRequest request, string prefix, Dictionary<string, string[]> errors)
    {
        var text = CheckText(request.Text, prefix + "text", errors);
        var noteDate = CheckDate(request.NoteDate, prefix + "noteDate", errors);
        PseudonymizationMode? mode = (request.Mode ?? "tags") switch
        {
            "tags" => PseudonymizationMode.Tags,
            "surrogates" => PseudonymizationMode.Surrogates,
            _ => null,
        };
        if (mode is null)
        {
            errors[prefix + "mode"] = ["\"tags\" or \"surrogates\"."];
        }
        if (request.DateShiftDays is < -3650 or > 3650 or 0)
        {
            errors[prefix + "dateShiftDays"] = ["A shift of 1 to 3,650 days either way (random when absent)."];
        }
        return text is null || mode is null || errors.Count > 0 ? null : (text, noteDate, mode.Value, request.DateShiftDays);
    }

    private static ProblemHttpResult? TooLong(string? text, NlpOptions options) =>
        text is { Length: var length } && length > options.MaxTextLength
            ? TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Text too long", detail: $"A text has at most {options.MaxTextLength:N0} characters; split longer documents.")
            : null;

    private static string? CheckText(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors[field] = ["Give a non-empty text."];
            return null;
        }
        return text;
    }

    /// <summary>The note date, YYYY-MM-DD; today (UTC) when absent, so that "hier" and "il y a 3 jours" resolve.</summary>
    private static DateOnly CheckDate(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (value is null)
        {
            return DateOnly.FromDateTime(DateTime.UtcNow);
        }
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && date.Year is >= 1900 and <= 2200)
        {
            return date;
        }
        errors[field] = ["A date YYYY-MM-DD between 1900 and 2200."];
        return default;
    }
}
