using Microsoft.AspNetCore.Components;

namespace EdsPlatform.Web.Components;

/// <summary>
/// A page that calls the platform's APIs through the gateway: a refusal (problem details) is kept in
/// <see cref="Error"/> for <c>ErrorNotice</c> to show, in one place rather than a catch block in every page.
/// </summary>
public abstract class ApiComponent : ComponentBase
{
    protected ApiProblemException? Error { get; set; }

    /// <summary>Runs the calls; a refusal stops them and is shown.</summary>
    protected async Task CallAsync(Func<Task> calls)
    {
        try
        {
            await calls();
        }
        catch (ApiProblemException problem)
        {
            Error = problem;
        }
    }
}
