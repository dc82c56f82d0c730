namespace EdsPlatform.Imaging.ModelBuilder;

/// <summary>A binary classifier's counts at the served threshold, and its AUC (threshold-free).</summary>
public sealed record Metrics(int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives, double Auc)
{
    /// <summary>As config.json's postprocessing: sigmoid, then positive from 0.5.</summary>
    public const double Threshold = 0.5;

    public double Precision => TruePositives / (double)Math.Max(1, TruePositives + FalsePositives);

    public double Recall => TruePositives / (double)Math.Max(1, TruePositives + FalseNegatives);

    public double Accuracy => (TruePositives + TrueNegatives) / (double)(TruePositives + FalsePositives + TrueNegatives + FalseNegatives);

    public static Metrics Of(IReadOnlyList<bool> truth, IReadOnlyList<float> logits)
    {
        var predicted = logits.Select(logit => 1 / (1 + Math.Exp(-logit)) >= Threshold).ToList();
        int Count(bool actual, bool guess) => truth.Zip(predicted).Count(pair => pair.First == actual && pair.Second == guess);
        return new Metrics(Count(true, true), Count(false, true), Count(false, false), Count(true, false), AreaUnderCurve(truth, logits));
    }

    /// <summary>Mann–Whitney: the share of (opacity, clear) pairs in which the opacity scores higher, ties counting half.</summary>
    private static double AreaUnderCurve(IReadOnlyList<bool> truth, IReadOnlyList<float> logits)
    {
        var positives = logits.Where((_, i) => truth[i]).ToList();
        var negatives = logits.Where((_, i) => !truth[i]).ToList();
        var wins = positives.Sum(positive => negatives.Sum(negative => positive > negative ? 1.0 : positive == negative ? 0.5 : 0));
        return wins / (positives.Count * (double)negatives.Count);
    }
}
