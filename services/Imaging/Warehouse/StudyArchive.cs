using EdsPlatform.Imaging.Dicom;
using Microsoft.Extensions.Options;

namespace EdsPlatform.Imaging.Warehouse;

/// <summary>An imaging study of the warehouse, as IMAGE_OCCURRENCE and its procedure describe it.</summary>
public sealed record WarehouseStudy(long ImageOccurrenceId, long PersonId, DateOnly Date, string StudyInstanceUid, string? LocalPath, string? Accession);

/// <summary>
/// Where the warehouse's images are: files under Imaging:ArchiveFolder named by IMAGE_OCCURRENCE.local_path, and the
/// synthetic hospital's studies (local_path "synthetic/&lt;kind&gt;/&lt;uid&gt;.dcm"), generated on demand, identically each
/// time, rather than stored: a third of its chest radiographs show an opacity (decided by the study UID).
/// </summary>
public sealed class StudyArchive(IOptions<ImagingOptions> options)
{
    private const string SyntheticPrefix = "synthetic/";

    public byte[] Read(WarehouseStudy study)
    {
        var path = study.LocalPath ?? throw new DicomFormatException($"Study {study.StudyInstanceUid} has no local path.");
        if (path.StartsWith(SyntheticPrefix, StringComparison.Ordinal))
        {
            return path.StartsWith(SyntheticPrefix + "brain-mri/", StringComparison.Ordinal)
                ? SyntheticStudies.BrainMri(study.StudyInstanceUid, study.PersonId, study.Date, study.Accession ?? "")
                : SyntheticStudies.ChestRadiograph(study.StudyInstanceUid, study.PersonId, study.Date, study.Accession ?? "", HasOpacity(study.StudyInstanceUid));
        }
        var root = options.Value.ArchiveFolder is { Length: > 0 } folder ? Path.GetFullPath(folder) : throw new DicomFormatException("Imaging:ArchiveFolder is not set: the study's file cannot be found.");
        var full = Path.GetFullPath(Path.Combine(root, path));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(full))
        {
            throw new DicomFormatException($"Study {study.StudyInstanceUid}: no file {path} in the archive.");
        }
        return File.ReadAllBytes(full);
    }

    /// <summary>The synthetic ground truth: one chest radiograph in three, by the study UID's hash (stable across processes).</summary>
    public static bool HasOpacity(string studyInstanceUid) =>
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(studyInstanceUid))[0] % 3 == 0;
}
