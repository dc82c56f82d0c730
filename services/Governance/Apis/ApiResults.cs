using EdsPlatform.Governance.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EdsPlatform.Governance.Apis;

internal static class ApiResults
{
    public static ProblemHttpResult Refused(GovernanceRuleException refused) => refused.Forbidden
        ? TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed", detail: refused.Message)
        : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not allowed in the request's current state", detail: refused.Message);

    public static ProblemHttpResult NoEmail() => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "No e-mail address",
        detail: "Your token carries no e-mail address: governance names people by their address.");

    public static ProblemHttpResult NotFound(string projectId) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
        title: "No such project", detail: $"There is no project '{projectId}' that you may see.");

    public static string? CorrelationId(this HttpContext context) => context.Request.Headers[CorrelationIds.HeaderName].FirstOrDefault() ?? context.TraceIdentifier;
}
