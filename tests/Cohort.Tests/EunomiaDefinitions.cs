namespace EdsPlatform.Cohort.Tests;

/// <summary>OHDSI's Circe definitions that run on Eunomia (Data/eunomia-cohort-definitions, Apache-2.0).</summary>
public static class EunomiaDefinitions
{
    public static readonly string[] Names = ["celecoxib", "celecoxibAge40", "celecoxibAge40Male", "celecoxibCensored"];

    public static string Json(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "eunomia-cohort-definitions", name + ".json"));
}
