using nietras.SeparatedValues;

namespace EdsPlatform.Warehouse.Synthetic;

/// <summary>One OMOP CSV file per table, written the way OHDSI exports are (header, comma, RFC 4180 quoting, ISO dates).</summary>
internal sealed class SyntheticCsvSink : IDisposable
{
    private readonly Dictionary<string, SepWriter> _writers = new(StringComparer.Ordinal);
    private readonly string _folder;

    public SyntheticCsvSink(string folder)
    {
        Directory.CreateDirectory(folder);
        _folder = folder;
    }

    public long Rows { get; private set; }

    public SepWriter.Row NewRow(string table)
    {
        if (!_writers.TryGetValue(table, out var writer))
        {
            writer = Sep.New(',').Writer(options => options with { Escape = true })
                .ToFile(Path.Combine(_folder, table + ".csv"));
            _writers[table] = writer;
        }
        Rows++;
        return writer.NewRow();
    }

    public void Dispose()
    {
        foreach (var writer in _writers.Values)
        {
            writer.Dispose();
        }
        _writers.Clear();
    }
}

/// <summary>Typed setters so that every generated value is written in the one format the loader reads.</summary>
internal static class SepRowExtensions
{
    public static void Set(this SepWriter.Row row, string column, long value) => row[column].Format(value);

    public static void Set(this SepWriter.Row row, string column, int value) => row[column].Format(value);

    public static void Set(this SepWriter.Row row, string column, DateOnly value) => row[column].Set($"{value:yyyy-MM-dd}");

    public static void Set(this SepWriter.Row row, string column, DateTime value) => row[column].Set($"{value:yyyy-MM-dd'T'HH:mm:ss}");

    public static void Set(this SepWriter.Row row, string column, double value, int decimals) =>
        row[column].Set(value.ToString("F" + decimals, System.Globalization.CultureInfo.InvariantCulture));

    public static void Set(this SepWriter.Row row, string column, string? value) => row[column].Set(value ?? "");
}
