namespace EdsPlatform.Nlp.Tests.Evaluation;

/// <summary>True/false positives and negatives of one measured thing, and what they add up to.</summary>
public sealed class Score(string name)
{
    public string Name { get; } = name;
    public int TruePositives { get; private set; }
    public int FalsePositives { get; private set; }
    public int FalseNegatives { get; private set; }

    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);
    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public void Count(bool expected, bool predicted)
    {
        if (expected && predicted)
        {
            TruePositives++;
        }
        else if (predicted)
        {
            FalsePositives++;
        }
        else if (expected)
        {
            FalseNegatives++;
        }
    }

    public void Add(int truePositives, int falsePositives, int falseNegatives)
    {
        TruePositives += truePositives;
        FalsePositives += falsePositives;
        FalseNegatives += falseNegatives;
    }

    public override string ToString() => $"| {Name} | {TruePositives + FalseNegatives} | {Precision:0.000} | {Recall:0.000} | {F1:0.000} |";

    public static string Table(string title, IEnumerable<Score> scores) =>
        $"\n{title}\n\n| | gold | precision | recall | F1 |\n|---|---|---|---|---|\n{string.Join("\n", scores)}\n";
}
