using System.Text.RegularExpressions;
using EdsPlatform.Imaging.Contracts;
using EdsPlatform.Imaging.Dicom;
using EdsPlatform.Imaging.Inference;

namespace EdsPlatform.Imaging.Studies;

/// <summary>A study's instances, read: each file's header and its first frame's image.</summary>
public sealed record StudyInstance(DicomFile File, DicomSummary Summary);

/// <summary>
/// Runs the ready models whose selection rules match an instance's series (MONAI Deploy's series selector: Modality,
/// BodyPartExamined, SeriesDescription) on its first frame, through each model's queue (so uploads batch with everything
/// else), and turns the scores into findings. Also renders the windowed preview and the DICOM SR of the results.
/// </summary>
public sealed class StudyAnalyzer(InferenceServer server, TimeProvider clock)
{
    public static StudyInstance Read(byte[] bytes)
    {
        var file = DicomFile.Read(new MemoryStream(bytes, writable: false));
        var set = file.Dataset;
        if (set.GetUInt16(DicomTag.Rows) is not { } rows || set.GetUInt16(DicomTag.Columns) is not { } columns)
        {
            throw new DicomFormatException("The DICOM file holds no image (no Rows and Columns).");
        }
        return new StudyInstance(file, new DicomSummary(
            set.GetString(DicomTag.PatientId), set.GetString(DicomTag.StudyInstanceUid), set.GetString(DicomTag.SeriesInstanceUid),
            set.GetString(DicomTag.SopInstanceUid), set.GetString(DicomTag.Modality), set.GetString(DicomTag.BodyPartExamined),
            set.GetString(DicomTag.SeriesDescription), file.TransferSyntax, rows, columns, (int)(set.GetNumber(DicomTag.NumberOfFrames) ?? 1),
            set.GetString(DicomTag.PhotometricInterpretation), set.GetUInt16(DicomTag.BitsStored) ?? 0));
    }

    /// <summary>The ready models (highest version) whose selection matches the instance.</summary>
    public IReadOnlyList<ServedVersion> ModelsFor(DicomSummary instance) =>
        [.. server.ReadyVersions().GroupBy(v => v.Config.Name).Select(g => g.MaxBy(v => v.Version)!).Where(model => Matches(model.Config.Selection, instance))];

    public async Task<ModelRun> RunAsync(ServedVersion model, StudyInstance instance, CancellationToken cancellationToken)
    {
        var input = ImagePreprocessing.Input(model.Config, DicomImage.FromFrame(instance.File));
        var output = (await model.InferAsync([input], [model.Config.Output[0].Name], cancellationToken))[0];
        var findings = ImagePreprocessing.Findings(model.Config, (float[])output.Data, model.Labels);
        return new ModelRun(model.Config.Name, model.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), model.Provider, instance.Summary.SopInstanceUid, findings);
    }

    public async Task<StudyAnalysis> AnalyzeAsync(IReadOnlyList<StudyInstance> instances, CancellationToken cancellationToken)
    {
        var runs = new List<ModelRun>();
        var matched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var instance in instances)
        {
            foreach (var model in ModelsFor(instance.Summary))
            {
                matched.Add(model.Config.Name);
                runs.Add(await RunAsync(model, instance, cancellationToken));
            }
        }
        var notMatched = server.ReadyVersions().Select(v => v.Config.Name).Distinct().Where(name => !matched.Contains(name)).ToList();
        var report = runs.Count == 0 ? null : Convert.ToBase64String(Report(instances, runs));
        return new StudyAnalysis([.. instances.Select(i => i.Summary)], runs, notMatched, Convert.ToBase64String(Preview(instances[0])), report);
    }

    /// <summary>The first frame as an 8-bit PNG, in the file's window (or one spanning its values).</summary>
    public static byte[] Preview(StudyInstance instance)
    {
        var image = DicomImage.FromFrame(instance.File);
        var (center, width) = image.DefaultWindow();
        return PngEncoder.Encode(image.Columns, image.Rows, image.Channels, image.Windowed(center, width));
    }

    /// <summary>The DICOM SR of the runs, filed in the first instance's study (one report for the study, every model in it).</summary>
    public byte[] Report(IReadOnlyList<StudyInstance> instances, IReadOnlyList<ModelRun> runs)
    {
        var first = instances[0].File.Dataset;
        var names = string.Join(", ", runs.Select(r => r.Model).Distinct());
        var versions = string.Join(", ", runs.Select(r => $"{r.Model} {r.Version}").Distinct());
        return StructuredReports.AiResultsReport(new AiResult(
            first.GetString(DicomTag.StudyInstanceUid) ?? DicomUids.New(), first.GetString(DicomTag.SeriesInstanceUid), first.GetString(DicomTag.SopInstanceUid),
            first.GetString(DicomTag.SopClassUid), first.GetString(DicomTag.PatientId), first.GetString(DicomTag.PatientName), first.GetString(DicomTag.AccessionNumber),
            names, versions, string.Join(", ", runs.Select(r => r.Provider).Distinct()), clock.GetUtcNow(),
            [.. runs.SelectMany(r => r.Findings)]));
    }

    public static bool Matches(SelectionConfig? selection, DicomSummary instance)
    {
        if (selection is null)
        {
            return false; // a model without selection rules runs only when called by name
        }
        static bool OneOf(IReadOnlyList<string>? allowed, string? value) =>
            allowed is null || value is not null && allowed.Contains(value.Trim(), StringComparer.OrdinalIgnoreCase);
        return OneOf(selection.Modality, instance.Modality) && OneOf(selection.BodyPartExamined, instance.BodyPartExamined)
            && (selection.SeriesDescription is not { } pattern
                || instance.SeriesDescription is { } description && Regex.IsMatch(description, pattern, RegexOptions.IgnoreCase, TimeSpan.FromMilliseconds(100)));
    }
}
