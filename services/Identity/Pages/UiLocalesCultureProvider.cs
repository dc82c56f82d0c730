using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.WebUtilities;

namespace EdsPlatform.Identity.Pages;

/// <summary>
/// The sign-in page speaks the language the client asked for with OIDC's ui_locales, which arrives
/// inside the ReturnUrl of the page (the authorize request the page returns to).
/// </summary>
public sealed class UiLocalesCultureProvider : RequestCultureProvider
{
    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var returnUrl = httpContext.Request.Query["ReturnUrl"].ToString();
        var query = returnUrl.IndexOf('?', StringComparison.Ordinal) is var start and >= 0 ? returnUrl[start..] : "";
        var locales = QueryHelpers.ParseQuery(query).TryGetValue("ui_locales", out var value) ? value.ToString() : "";
        var first = locales.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return Task.FromResult(first is null ? null : new ProviderCultureResult(first));
    }
}
