using System.IO.Compression;
using nietras.SeparatedValues;

namespace EdsPlatform.Warehouse.Tests;

/// <summary>Reads a generated or shipped OMOP CSV table into dictionaries, for assertions.</summary>
internal static class CsvTables
{
    public static List<Dictionary<string, string>> Read(string folder, string table)
    {
        var path = Directory.EnumerateFiles(folder)
            .Single(f => Path.GetFileName(f).StartsWith(table + ".", StringComparison.OrdinalIgnoreCase));
        using var stream = path.EndsWith(".gz", StringComparison.Ordinal)
            ? (Stream)new GZipStream(File.OpenRead(path), CompressionMode.Decompress)
            : File.OpenRead(path);
        using var reader = Sep.Reader(o => o with { Unescape = true }).From(stream);
        var names = reader.Header.ColNames.Select(n => n.ToLowerInvariant()).ToArray();
        var rows = new List<Dictionary<string, string>>();
        foreach (var row in reader)
        {
            var values = new Dictionary<string, string>(names.Length);
            for (var i = 0; i < names.Length; i++)
            {
                values[names[i]] = row[i].ToString();
            }
            rows.Add(values);
        }
        return rows;
    }
}
