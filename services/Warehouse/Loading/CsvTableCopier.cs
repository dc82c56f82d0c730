using nietras.SeparatedValues;
using Npgsql;

namespace EdsPlatform.Warehouse.Loading;

/// <summary>
/// Streams one OMOP CSV file into a table with PostgreSQL's binary COPY: the file is parsed here
/// (Sep, vectorised) and values travel in their binary form, so the server does no text parsing.
/// </summary>
internal static class CsvTableCopier
{
    private const int CancellationCheckInterval = 16_384;

    /// <summary>Copies <paramref name="csv"/> into <paramref name="targetTable"/> (the table itself or a staging copy of it).</summary>
    /// <returns>The number of rows copied.</returns>
    public static long Copy(NpgsqlConnection connection, OmopTable table, string targetTable, Stream csv, string fileName, CancellationToken cancellationToken)
    {
        using var reader = Sep.Reader(options => options with { Unescape = true }).From(csv);
        var columns = MapHeader(table, reader.Header.ColNames, fileName);
        if (columns.Length == 0)
        {
            return 0;
        }

        var columnList = string.Join(", ", columns.Select(c => Quote(c.Column.Name)));
        using var importer = connection.BeginBinaryImport($"COPY {targetTable} ({columnList}) FROM STDIN (FORMAT BINARY)");
        long rows = 0;
        foreach (var row in reader)
        {
            importer.StartRow();
            for (var i = 0; i < columns.Length; i++)
            {
                var field = row[columns[i].CsvIndex].Span;
                if (field.IsEmpty)
                {
                    importer.WriteNull();
                    continue;
                }
                try
                {
                    columns[i].Writer(importer, field);
                }
                catch (Exception ex) when (ex is FormatException or OverflowException)
                {
                    throw new InvalidDataException(
                        $"{fileName}, line {row.LineNumberFrom}, column '{columns[i].Column.Name}': {ex.Message}.", ex);
                }
            }
            if (++rows % CancellationCheckInterval == 0)
            {
                // Disposing the importer without Complete() cancels the COPY: nothing of it remains.
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        importer.Complete();
        return rows;
    }

    private static MappedColumn[] MapHeader(OmopTable table, IReadOnlyList<string> header, string fileName)
    {
        var mapped = new List<MappedColumn>(header.Count);
        for (var index = 0; index < header.Count; index++)
        {
            var column = OmopTableCatalog.ResolveColumn(table, header[index])
                ?? throw new InvalidDataException(
                    $"{fileName}: column '{header[index]}' is not in {table.QualifiedName} (OMOP CDM v5.4).");
            if (mapped.Any(m => m.Column == column))
            {
                throw new InvalidDataException($"{fileName}: column '{column.Name}' appears twice.");
            }
            mapped.Add(new MappedColumn(index, column, FieldParser.WriterFor(column.Type)));
        }
        return [.. mapped];
    }

    private static string Quote(string identifier) => $"\"{identifier}\"";

    private sealed record MappedColumn(int CsvIndex, OmopColumn Column, FieldWriter Writer);
}
