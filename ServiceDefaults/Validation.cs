using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Microsoft.Extensions.Hosting;

/// <summary>The platform's 400 answers: one field's error, and one paging convention (offset ≥ 0, limit 1 to a maximum).</summary>
public static class Validation
{
    /// <summary>A 400 validation problem naming <paramref name="field"/>.</summary>
    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>The paging errors of a list route, by parameter (empty when the paging is acceptable).</summary>
    public static Dictionary<string, string[]> PagingErrors(int? offset, int? limit, int maxLimit)
    {
        var errors = new Dictionary<string, string[]>();
        if (offset is < 0)
        {
            errors["offset"] = ["0 or more."];
        }
        if (limit is < 1 || limit > maxLimit)
        {
            errors["limit"] = [$"From 1 to {maxLimit:N0}."];
        }
        return errors;
    }
}
