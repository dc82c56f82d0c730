using EdsPlatform.Identity.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EdsPlatform.Identity.Pages.Account;

public sealed class LoginModel(SignInManager<ApplicationUser> signIn, ILogger<LoginModel> logger) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Email) || string.IsNullOrEmpty(Password))
        {
            Error = Ui.Text("Saisissez votre adresse et votre mot de passe.", "Enter your email address and password.");
            return Page();
        }
        var result = await signIn.PasswordSignInAsync(Email, Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            // Only back into this site (the authorize endpoint): never an open redirect.
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }
        if (result.IsLockedOut)
        {
            logger.LogWarning("Sign-in refused: account locked out");
            Error = Ui.Text(
                "Compte verrouillé après plusieurs échecs. Réessayez plus tard ou contactez le support.",
                "Account locked after repeated failures. Try again later or contact support.");
            return Page();
        }
        Error = Ui.Text("Adresse ou mot de passe incorrect.", "Incorrect email address or password.");
        return Page();
    }
}
