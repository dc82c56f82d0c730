using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Refuses text that no field of the platform accepts before any handler sees it: NUL and other control
/// characters (tab, line feed and carriage return are text), lone UTF-16 surrogates and malformed UTF-8, in the
/// path, the query string, a URL-encoded form or any string (or property name) of a JSON body; and a JSON body
/// that does not parse. PostgreSQL cannot store NUL in text, so without this check such input would come back
/// as a 500 from deep inside a handler. The answer is a 400 validation problem naming the field.
/// </summary>
public static class RequestTextValidation
{
    /// <summary>How deep a JSON body may nest; System.Text.Json's own default, so binding never meets deeper input.</summary>
    private const int MaxJsonDepth = 64;

    public static IApplicationBuilder UseRequestTextValidation(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var errors = new Dictionary<string, string[]>();
            if (context.Request.Path.Value is { } path && FindInvalid(path) is { } pathProblem)
            {
                errors["path"] = [pathProblem];
            }
            foreach (var (key, values) in context.Request.Query)
            {
                Check(errors, FieldName(key), key);
                foreach (var value in values)
                {
                    Check(errors, FieldName(key), value);
                }
            }
            if (errors.Count == 0 && context.Request.HasFormContentType && !context.Request.ContentType!.Contains("multipart/", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var (key, values) in await context.Request.ReadFormAsync(context.RequestAborted))
                {
                    foreach (var value in values)
                    {
                        Check(errors, FieldName(key), value);
                    }
                }
            }
            if (errors.Count == 0 && IsJson(context.Request.ContentType))
            {
                await CheckJsonBodyAsync(context, errors);
            }
            if (errors.Count > 0)
            {
                await Results.ValidationProblem(errors, title: "Invalid text in the request",
                    detail: "Control characters (other than tab and line breaks), lone surrogates and malformed UTF-8 are refused.").ExecuteAsync(context);
                return;
            }
            await next(context);
        });

    /// <summary>Why the text is refused, or null when it is acceptable.</summary>
    public static string? FindInvalid(string? text)
    {
        if (text is null)
        {
            return null;
        }
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c))
            {
                return $"A lone surrogate (U+{(int)c:X4}) at position {i} is not text.";
            }
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r'))
            {
                return $"The control character U+{(int)c:X4} at position {i} is not allowed.";
            }
        }
        return null;
    }

    private static void Check(Dictionary<string, string[]> errors, string field, string? value)
    {
        if (FindInvalid(value) is { } problem)
        {
            errors[field] = [problem];
        }
    }

    private static string FieldName(string key) => FindInvalid(key) is null ? key : "(field name)";

    private static bool IsJson(string? contentType) =>
        contentType is not null && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || contentType.Split(';')[0].EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    private static async Task CheckJsonBodyAsync(HttpContext context, Dictionary<string, string[]> errors)
    {
        context.Request.EnableBuffering();
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        context.Request.Body.Position = 0;
        if (body.Length == 0)
        {
            return;
        }
        var (field, problem) = ScanJson(new ReadOnlySequence<byte>(body.GetBuffer(), 0, (int)body.Length));
        if (problem is not null)
        {
            errors[field] = [problem];
        }
    }

    /// <summary>The first refused string of a JSON document, with its path ("definition.ConceptSets[0].name"), or the parse error at "$".</summary>
    public static (string Field, string? Problem) ScanJson(ReadOnlySequence<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxJsonDepth, CommentHandling = JsonCommentHandling.Disallow });
        var path = new List<string>();
        var indices = new Stack<int>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartArray:
                        BeforeValue(path, indices);
                        indices.Push(-1);
                        path.Add("");
                        break;
                    case JsonTokenType.StartObject:
                        BeforeValue(path, indices);
                        indices.Push(-2);
                        path.Add("");
                        break;
                    case JsonTokenType.EndArray or JsonTokenType.EndObject:
                        indices.Pop();
                        path.RemoveAt(path.Count - 1);
                        break;
                    case JsonTokenType.PropertyName:
                        var name = Text(ref reader, out var nameProblem);
                        path[^1] = "." + (nameProblem is null ? name : "(field name)");
                        if (nameProblem is not null)
                        {
                            return (Describe(path), nameProblem);
                        }
                        break;
                    case JsonTokenType.String:
                        BeforeValue(path, indices);
                        Text(ref reader, out var valueProblem);
                        if (valueProblem is not null)
                        {
                            return (Describe(path), valueProblem);
                        }
                        break;
                    default:
                        BeforeValue(path, indices);
                        break;
                }
            }
            return ("$", null);
        }
        catch (JsonException invalid)
        {
            return ("$", $"The body is not valid JSON (line {invalid.LineNumber + 1}, byte {invalid.BytePositionInLine + 1}).");
        }
    }

    /// <summary>A value inside an array takes the next index in the path.</summary>
    private static void BeforeValue(List<string> path, Stack<int> indices)
    {
        if (indices.Count > 0 && indices.Peek() >= -1)
        {
            var index = indices.Pop() + 1;
            indices.Push(index);
            path[^1] = $"[{index}]";
        }
    }

    private static string? Text(ref Utf8JsonReader reader, out string? problem)
    {
        try
        {
            var text = reader.GetString();
            problem = FindInvalid(text);
            return text;
        }
        catch (InvalidOperationException)
        {
            // GetString refuses malformed UTF-8 and escaped lone surrogates ("\ud800").
            problem = "Malformed UTF-8 or a lone surrogate is not text.";
            return null;
        }
    }

    private static string Describe(List<string> path)
    {
        var joined = string.Concat(path).TrimStart('.');
        return joined.Length == 0 ? "$" : joined;
    }
}
