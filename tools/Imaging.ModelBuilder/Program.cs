using System.Security.Cryptography;
using EdsPlatform.Imaging.ModelBuilder;
using Google.Protobuf;

// Writes the chest-opacity demonstration model (models/chest-opacity/1/model.onnx) from code: the head is calibrated
// on synthetic radiographs of seeds 0..399; with --evaluate the written model is run with ONNX Runtime (CPU) on seeds
// 100000..100399, which calibration never saw. Even seeds carry an opacity. The same code writes the same bytes.
// Usage: [--evaluate] [--output <model.onnx>]
const int CalibrationSeed = 0, EvaluationSeed = 100_000, Images = 400;

var evaluate = false;
string? output = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--evaluate":
            evaluate = true;
            break;
        case "--output" when i + 1 < args.Length:
            output = args[++i];
            break;
        default:
            Console.Error.WriteLine("Usage: [--evaluate] [--output <model.onnx>]");
            return 2;
    }
}
output ??= Path.Combine(RepositoryRoot(), "models", "chest-opacity", "1", "model.onnx");

Console.WriteLine($"Calibrating the head on seeds {CalibrationSeed}..{CalibrationSeed + Images - 1} (area and bilinear resizes)");
var calibration = HeadCalibration.Fit(ChestSample.Generate(CalibrationSeed, Images));
Console.WriteLine($"  second-scale weight {calibration.SecondScaleWeight}, strongest clear lung {calibration.StrongestClear:G4}, "
    + $"weakest opacity {calibration.WeakestOpacity:G4}, threshold {calibration.Threshold}");
Console.WriteLine($"  head: weights [{string.Join(", ", calibration.Head.Weights)}], bias {calibration.Head.Bias}");

var model = OpacityModel.Build(calibration.Head).ToByteArray();
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
await File.WriteAllBytesAsync(output, model);
Console.WriteLine($"Wrote {output}: {model.Length} bytes, SHA-256 {Convert.ToHexStringLower(SHA256.HashData(model))}");

if (evaluate)
{
    var samples = ChestSample.Generate(EvaluationSeed, Images);
    using var scorer = new OnnxScorer(await File.ReadAllBytesAsync(output));
    Console.WriteLine($"Evaluation on seeds {EvaluationSeed}..{EvaluationSeed + Images - 1} ({samples.Count(s => s.Opacity)} with an opacity), "
        + $"ONNX Runtime CPU, batches of {OnnxScorer.BatchSize}, sigmoid ≥ {Metrics.Threshold}");
    foreach (var resize in Enum.GetValues<Resize>())
    {
        var logits = scorer.Run([.. samples.Select(sample => sample.Input(resize))]).Select(row => row[0]).ToList();
        var metrics = Metrics.Of([.. samples.Select(sample => sample.Opacity)], logits);
        Console.WriteLine($"  {resize,-8} precision {metrics.Precision:F3}  recall {metrics.Recall:F3}  accuracy {metrics.Accuracy:F3}  AUC {metrics.Auc:F4}  "
            + $"(TP {metrics.TruePositives}, FP {metrics.FalsePositives}, TN {metrics.TrueNegatives}, FN {metrics.FalseNegatives}; "
            + $"logits: clear ≤ {logits.Where((_, i) => !samples[i].Opacity).Max():F2}, opacity ≥ {logits.Where((_, i) => samples[i].Opacity).Min():F2})");
    }
}
return 0;

// The folder holding EdsPlatform.sln, so that the default output lands in models/ wherever the tool is started from.
static string RepositoryRoot()
{
    for (var folder = new DirectoryInfo(Environment.CurrentDirectory); folder is not null; folder = folder.Parent)
    {
        if (File.Exists(Path.Combine(folder.FullName, "EdsPlatform.sln")))
        {
            return folder.FullName;
        }
    }
    return Environment.CurrentDirectory;
}
