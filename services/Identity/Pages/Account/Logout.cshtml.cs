using EdsPlatform.Identity.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EdsPlatform.Identity.Pages.Account;

/// <summary>Signing out of the provider itself; clients sign out through /connect/logout.</summary>
public sealed class LogoutModel(SignInManager<ApplicationUser> signIn) : PageModel
{
    public Task OnGetAsync() => signIn.SignOutAsync();
}
