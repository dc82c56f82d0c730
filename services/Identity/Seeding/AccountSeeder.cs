using EdsPlatform.Identity.Data;
using Microsoft.AspNetCore.Identity;

namespace EdsPlatform.Identity.Seeding;

/// <summary>The platform's roles, always; demo accounts in Development only (listed in the README).</summary>
public sealed class AccountSeeder(UserManager<ApplicationUser> users, RoleManager<IdentityRole> roles, IHostEnvironment environment, ILogger<AccountSeeder> logger)
{
    /// <summary>Shared by every demo account; Development only, never in another environment.</summary>
    public const string DemoPassword = "EdsDemo-2026!";

    public static readonly IReadOnlyList<(string Email, string Name, string Role)> DemoAccounts =
    [
        ("claire.martin@chu-demo.fr", "Claire Martin", PlatformRoles.Researcher),
        ("paul.bernard@chu-demo.fr", "Paul Bernard", PlatformRoles.Researcher),
        ("lucas.girard@chu-demo.fr", "Lucas Girard", PlatformRoles.Researcher),
        ("comite.durand@chu-demo.fr", "Hélène Durand", PlatformRoles.CommitteeMember),
        ("comite.leroy@chu-demo.fr", "Marc Leroy", PlatformRoles.CommitteeMember),
        ("comite.moreau@chu-demo.fr", "Sophie Moreau", PlatformRoles.CommitteeMember),
        ("steward.petit@chu-demo.fr", "Julien Petit", PlatformRoles.DataSteward),
        ("admin@chu-demo.fr", "Admin EDS", PlatformRoles.Admin),
    ];

    public async Task SeedAsync()
    {
        foreach (var role in PlatformRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole(role)), role);
            }
        }
        if (!environment.IsDevelopment())
        {
            return;
        }
        foreach (var (email, name, role) in DemoAccounts)
        {
            if (await users.FindByEmailAsync(email) is not null)
            {
                continue;
            }
            var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name };
            Check(await users.CreateAsync(user, DemoPassword), email);
            Check(await users.AddToRoleAsync(user, role), email);
            logger.LogInformation("Created demo account {Email} ({Role})", email, role);
        }
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Seeding {what} failed: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
