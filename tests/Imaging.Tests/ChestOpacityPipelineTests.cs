using EdsPlatform.Imaging.Contracts;
using EdsPlatform.Imaging.Dicom;
using EdsPlatform.Imaging.Inference;

namespace EdsPlatform.Imaging.Tests;

/// <summary>
/// DICOM → pre-processing → batched inference → findings on the shipped chest-opacity model: the evaluation set (synthetic
/// radiographs with and without an opacity, seeds disjoint from those its head was fitted on) and dynamic batching.
/// </summary>
public sealed class ChestOpacityPipelineTests
{
    private static InferTensor Input(ServedVersion model, int seed, bool opacity)
    {
        var file = DicomFile.Read(new MemoryStream(SyntheticStudies.ChestRadiograph($"2.25.{seed}", seed, new DateOnly(2024, 1, 1), $"ACC{seed}", opacity)));
        return ImagePreprocessing.Input(model.Config, DicomImage.FromFrame(file));
    }

    [Fact]
    public async Task The_evaluation_set_is_classified_with_precision_and_recall_of_at_least_0_95()
    {
        await using var scratch = new ScratchServer("chest-opacity");
        await scratch.Server.LoadAllAsync(CancellationToken.None);
        var model = scratch.Server.Get("chest-opacity");

        // 300 studies, one in three with an opacity, read and pre-processed first, then submitted 100 at a time (the
        // queue holds 256) so that they batch.
        var cases = Enumerable.Range(500_000, 300).Select(seed => (Seed: seed, Opacity: seed % 3 == 0)).ToList();
        var findings = new List<StudyFinding>();
        foreach (var wave in cases.Select(c => Input(model, c.Seed, c.Opacity)).Chunk(100))
        {
            findings.AddRange(await Task.WhenAll(wave.Select(async input =>
            {
                var output = Assert.Single(await model.InferAsync([input], null, CancellationToken.None));
                return Assert.Single(ImagePreprocessing.Findings(model.Config, (float[])output.Data, model.Labels));
            })));
        }

        Assert.All(findings, f => Assert.Equal("opacité pulmonaire", f.Label));
        var truePositives = cases.Zip(findings).Count(p => p.First.Opacity && p.Second.Positive);
        var precision = (double)truePositives / findings.Count(f => f.Positive);
        var recall = (double)truePositives / cases.Count(c => c.Opacity);
        Assert.True(precision >= 0.95 && recall >= 0.95, $"precision {precision:0.000}, recall {recall:0.000}");
        var stats = model.Statistics();
        Assert.Equal(300, stats.InferenceCount);
        Assert.True(stats.ExecutionCount < stats.InferenceCount, $"{stats.ExecutionCount} executions for {stats.InferenceCount} inferences: nothing was batched");
    }

    [Fact]
    public async Task Batched_requests_get_exactly_the_rows_they_would_get_alone()
    {
        await using var scratch = new ScratchServer("chest-opacity");
        await scratch.Server.LoadAllAsync(CancellationToken.None);
        var model = scratch.Server.Get("chest-opacity");
        var inputs = Enumerable.Range(0, 24).Select(i => Input(model, 700_000 + i, i % 2 == 0)).ToList();
        var alone = new List<float>();
        foreach (var input in inputs)
        {
            alone.Add(((float[])(await model.InferAsync([input], null, CancellationToken.None))[0].Data)[0]);
        }
        var executionsBefore = model.Statistics().ExecutionCount;

        // Two requests of three rows each among single ones: rows are split back to their own request.
        var triple = InferTensor.Concatenate([inputs[0], inputs[1], inputs[2]]);
        var together = await Task.WhenAll(inputs.Select(input => model.InferAsync([input], null, CancellationToken.None))
            .Append(model.InferAsync([triple], null, CancellationToken.None)));

        for (var i = 0; i < inputs.Count; i++)
        {
            Assert.Equal(alone[i], ((float[])together[i][0].Data)[0], 1e-5f);
        }
        Assert.Equal([3L, 1], together[^1][0].Shape);
        Assert.Equal(alone[..3], (float[])together[^1][0].Data, (a, b) => Math.Abs(a - b) < 1e-5f);
        Assert.True(model.Statistics().ExecutionCount - executionsBefore < inputs.Count + 1);
    }
}
