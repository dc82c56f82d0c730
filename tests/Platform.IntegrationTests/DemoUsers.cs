namespace EdsPlatform.IntegrationTests;

/// <summary>The Development demo accounts the identity provider seeds (README), by role.</summary>
public static class DemoUsers
{
    public const string Researcher = "claire.martin@chu-demo.fr";
    public const string ResearcherForLockout = "paul.bernard@chu-demo.fr";
    public const string TeamMember = "lucas.girard@chu-demo.fr";
    public const string CommitteeMember = "comite.durand@chu-demo.fr";
    public const string SecondCommitteeMember = "comite.leroy@chu-demo.fr";
    public const string ThirdCommitteeMember = "comite.moreau@chu-demo.fr";
    public const string DataSteward = "steward.petit@chu-demo.fr";
    public const string Admin = "admin@chu-demo.fr";
}
