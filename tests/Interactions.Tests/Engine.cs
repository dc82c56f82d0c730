using EdsPlatform.Interactions.Engine;

namespace EdsPlatform.Interactions.Tests;

/// <summary>The shipped 2019-09 edition, loaded once for all tests.</summary>
public static class Engine
{
    private static readonly Lazy<Analyzer> Loaded = new(() =>
    {
        var data = Path.Combine(AppContext.BaseDirectory, "InteractionsData");
        var edition = ThesaurusFiles.Load(Path.Combine(data, "editions", "2019-09"));
        return new Analyzer(edition, DrugResolver.Load(edition, data));
    });

    public static Analyzer Analyzer => Loaded.Value;

    public static AnalysisResult Analyse(params PrescriptionLine[] lines) => Analyzer.Analyse(lines);
}
