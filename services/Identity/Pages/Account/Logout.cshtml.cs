using EdsPlatform.Identity.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EdsPlatform.Identity.Pages.Account;

/// <summary>
/// Signing out of the provider. A GET only asks for confirmation: signing out on a plain GET would let a link
/// on any site sign users out. The confirmation posts, with its antiforgery token, here (the provider's own
/// session) or, for a client's sign-out request that came without an id_token_hint, to /connect/logout with
/// that request's parameters.
/// </summary>
public sealed class LogoutModel(SignInManager<ApplicationUser> signIn) : PageModel
{
    /// <summary>The end-session request's parameters, carried to /connect/logout; empty for the provider's own sign-out.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> EndSessionParameters { get; private set; } = [];

    public bool SignedOut { get; private set; }

    public void OnGet() => EndSessionParameters = [.. Request.Query
        .Where(p => p.Key is "post_logout_redirect_uri" or "state" or "client_id" or "ui_locales")
        .Select(p => KeyValuePair.Create(p.Key, p.Value.ToString()))];

    public async Task OnPostAsync()
    {
        await signIn.SignOutAsync();
        SignedOut = true;
    }
}
