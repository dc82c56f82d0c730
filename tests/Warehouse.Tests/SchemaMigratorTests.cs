using EdsPlatform.Postgres;
using EdsPlatform.Warehouse.Schema;

namespace EdsPlatform.Warehouse.Tests;

public class SchemaMigratorTests
{
    [Fact]
    public void Embedded_migrations_are_numbered_one_by_one_from_one()
    {
        var versions = WarehouseMigrations.Set.Scripts.Select(m => m.Version).ToList();
        Assert.NotEmpty(versions);
        Assert.Equal(Enumerable.Range(1, versions.Count), versions);
    }

    [Fact]
    public void A_migration_file_name_gives_its_version_and_name()
    {
        var migration = Migration.Parse("V0012__add_cohort_table.sql", "SELECT 1;");
        Assert.Equal(12, migration.Version);
        Assert.Equal("add_cohort_table", migration.Name);
        Assert.Equal(64, migration.Sha256.Length);
    }

    [Theory]
    [InlineData("0012__x.sql")]
    [InlineData("V12_x.sql")]
    [InlineData("Vx__y.sql")]
    public void A_badly_named_migration_is_refused(string fileName) =>
        Assert.Throws<InvalidOperationException>(() => Migration.Parse(fileName, ""));
}
