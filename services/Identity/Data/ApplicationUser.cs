using Microsoft.AspNetCore.Identity;

namespace EdsPlatform.Identity.Data;

public sealed class ApplicationUser : IdentityUser
{
    /// <summary>Name shown in the web app and put in tokens ("name" claim).</summary>
    public string DisplayName { get; set; } = "";
}
