using EdsPlatform.Governance.Infrastructure;

namespace EdsPlatform.Governance.Tests;

public class PseudonymizerTests
{
    private static readonly byte[] ProjectA = [.. Enumerable.Repeat((byte)1, 32)];
    private static readonly byte[] ProjectB = [.. Enumerable.Repeat((byte)2, 32)];

    [Fact]
    public void A_person_keeps_one_pseudonym_within_a_project_and_gets_an_unrelated_one_in_another()
    {
        Assert.Equal(Pseudonymizer.Pseudonym(ProjectA, 42), Pseudonymizer.Pseudonym(ProjectA, 42));
        Assert.NotEqual(Pseudonymizer.Pseudonym(ProjectA, 42), Pseudonymizer.Pseudonym(ProjectB, 42));
        Assert.NotEqual(Pseudonymizer.Pseudonym(ProjectA, 42), Pseudonymizer.Pseudonym(ProjectA, 43));
    }

    [Fact]
    public void Pseudonyms_do_not_collide_on_a_warehouse_sized_range_and_do_not_show_the_id()
    {
        var pseudonyms = Enumerable.Range(0, 200_000).Select(id => Pseudonymizer.Pseudonym(ProjectA, 1_000_000_000L + id)).ToList();
        Assert.Equal(pseudonyms.Count, pseudonyms.Distinct().Count());
        Assert.All(pseudonyms.Take(100), p => Assert.Equal(24, p.Length));
        Assert.DoesNotContain(pseudonyms, p => p.Contains("1000000", StringComparison.Ordinal));
    }
}
