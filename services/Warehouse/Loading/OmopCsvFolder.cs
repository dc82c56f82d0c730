using System.IO.Compression;
using System.Security.Cryptography;

namespace EdsPlatform.Warehouse.Loading;

/// <summary>A folder of OMOP CDM CSV files, one per table (PERSON.csv, concept.csv.gz, ...).</summary>
public sealed class OmopCsvFolder
{
    private OmopCsvFolder(string path, IReadOnlyList<TableFile> files, bool isTemporary)
    {
        Path = path;
        Files = files;
        IsTemporary = isTemporary;
    }

    public string Path { get; }

    /// <summary>Generated for one load only: the loader deletes it afterwards.</summary>
    public bool IsTemporary { get; }

    public IReadOnlyList<TableFile> Files { get; }

    public static OmopCsvFolder OpenTemporary(string path) => Open(path, isTemporary: true);

    public static OmopCsvFolder Open(string path, bool isTemporary = false)
    {
        if (!Directory.Exists(path))
        {
            throw new DirectoryNotFoundException($"OMOP CSV folder '{path}' does not exist.");
        }
        var files = Directory.EnumerateFiles(path)
            .Select(file => new { file, name = System.IO.Path.GetFileName(file) })
            .Where(f => f.name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)
                || f.name.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase))
            .Select(f => new TableFile(f.name[..f.name.IndexOf('.', StringComparison.Ordinal)].ToLowerInvariant(), f.file))
            .OrderBy(f => f.Table, StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            throw new InvalidDataException($"OMOP CSV folder '{path}' holds no .csv or .csv.gz file.");
        }
        var duplicate = files.GroupBy(f => f.Table).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidDataException($"OMOP CSV folder '{path}' holds table '{duplicate.Key}' twice.");
        }
        return new OmopCsvFolder(path, files, isTemporary);
    }

    /// <summary>SHA-256 over every table name and file content: the dataset's identity in the load history.</summary>
    public string ComputeContentSha256()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        foreach (var file in Files)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(file.Table + "\n"));
            using var stream = File.OpenRead(file.Path);
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public sealed record TableFile(string Table, string Path)
    {
        public string FileName => System.IO.Path.GetFileName(Path);

        public Stream OpenRead()
        {
            var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            return Path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
                ? new GZipStream(stream, CompressionMode.Decompress)
                : stream;
        }
    }
}
