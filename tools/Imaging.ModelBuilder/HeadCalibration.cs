using System.Globalization;
using Google.Protobuf;

namespace EdsPlatform.Imaging.ModelBuilder;

/// <summary>The fitted head and what it was fitted on: the weakest opacity and the strongest clear lung seen.</summary>
public sealed record Calibration(OpacityHead Head, double SecondScaleWeight, double StrongestClear, double WeakestOpacity, double Threshold);

/// <summary>
/// Fits the head by a small search on generated radiographs: the trunk's two blob features are summed with a weight
/// on the second (0 to 2 by quarters) chosen so that the weakest opacity stands furthest above the strongest clear
/// lung (as a ratio: the features grow with the blob's amplitude); the threshold is their geometric mean and the
/// scale puts the weakest opacity at a logit of 4. Figures are kept to 3 significant digits so that last-bit
/// differences between machines' convolutions cannot change the model's bytes.
/// </summary>
public static class HeadCalibration
{
    private const double LogitOfWeakestOpacity = 4;

    public static Calibration Fit(IReadOnlyList<ChestSample> samples)
    {
        using var trunk = new OnnxScorer(OpacityModel.BuildFeatures().ToByteArray());
        // Both resizes: the threshold must hold whichever the serving code ends up with.
        var rows = Enum.GetValues<Resize>()
            .SelectMany(resize => samples.Zip(trunk.Run([.. samples.Select(sample => sample.Input(resize))]),
                (sample, features) => (sample.Opacity, Features: features)))
            .ToList();

        var best = Enumerable.Range(0, 9)
            .Select(step => step / 4.0)
            .Select(weight =>
            {
                var scores = rows.Select(row => (row.Opacity, Score: row.Features[0] + weight * row.Features[1])).ToList();
                var strongestClear = scores.Where(row => !row.Opacity).Max(row => row.Score);
                var weakestOpacity = scores.Where(row => row.Opacity).Min(row => row.Score);
                return (Weight: weight, StrongestClear: strongestClear, WeakestOpacity: weakestOpacity,
                    Ratio: weakestOpacity / Math.Max(strongestClear, 1e-6));
            })
            .MaxBy(candidate => candidate.Ratio);
        if (best.WeakestOpacity <= best.StrongestClear)
        {
            throw new InvalidOperationException(
                $"the calibration images do not separate: weakest opacity {best.WeakestOpacity:G3}, strongest clear lung {best.StrongestClear:G3}");
        }

        var threshold = ThreeDigits(Math.Sqrt(best.StrongestClear * best.WeakestOpacity));
        var gain = ThreeDigits(LogitOfWeakestOpacity / (best.WeakestOpacity - threshold));
        var head = new OpacityHead([(float)gain, (float)(gain * best.Weight)], (float)(-gain * threshold));
        return new Calibration(head, best.Weight, best.StrongestClear, best.WeakestOpacity, threshold);
    }

    private static double ThreeDigits(double value) =>
        double.Parse(value.ToString("G3", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
