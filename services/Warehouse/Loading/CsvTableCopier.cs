using nietras.SeparatedValues;
using Npgsql;

namespace EdsPlatform.Warehouse.Loading;

/// <summary>
/// Streams one OMOP CSV file into a table. First as it is, with PostgreSQL's own CSV COPY (what `psql \copy` does: the
/// server parses, this process only moves bytes), inside a savepoint; when the server finds a value it cannot read
/// (OHDSI exports write dates as yyyyMMdd, integers as "12.0"), the savepoint is rolled back and the file is parsed here
/// instead (Sep, vectorised) and sent with binary COPY, its values converted by <see cref="FieldParser"/>.
/// </summary>
internal static class CsvTableCopier
{
    private const int CancellationCheckInterval = 16_384;

    /// <summary>Copies the file's rows, by the server's CSV parser when it reads every value, else by this process's.</summary>
    /// <returns>The number of rows copied.</returns>
    public static long Copy(NpgsqlConnection connection, OmopTable table, string targetTable, Func<Stream> open, string fileName, CancellationToken cancellationToken)
    {
        string[] columns;
        using (var stream = open())
        using (var header = Sep.Reader().From(stream))
        {
            columns = [.. MapHeader(table, header.Header.ColNames, fileName).Select(c => Quote(c.Column.Name))];
        }
        if (columns.Length == 0)
        {
            return 0;
        }
        Execute(connection, "SAVEPOINT csv_as_is");
        try
        {
            var rows = CopyAsIs(connection, targetTable, columns, open, cancellationToken);
            Execute(connection, "RELEASE SAVEPOINT csv_as_is");
            return rows;
        }
        catch (PostgresException unreadable) when (unreadable.SqlState.StartsWith("22", StringComparison.Ordinal))
        {
            // A data exception (class 22): a value in a format only FieldParser knows. Nothing of this COPY remains.
            Execute(connection, "ROLLBACK TO SAVEPOINT csv_as_is");
            using var csv = open();
            return Copy(connection, table, targetTable, csv, fileName, cancellationToken);
        }
    }

    private static long CopyAsIs(NpgsqlConnection connection, string targetTable, string[] columns, Func<Stream> open, CancellationToken cancellationToken)
    {
        // A raw COPY reports no row count to the client: the transaction's insert counter for the table tells it.
        var before = InsertedInTransaction(connection, targetTable);
        using var source = new StreamReader(open(), System.Text.Encoding.UTF8);
        using var copy = (NpgsqlCopyTextWriter)connection.BeginTextImport($"COPY {targetTable} ({string.Join(", ", columns)}) FROM STDIN (FORMAT csv, HEADER true)");
        var buffer = new char[1 << 15];
        int read;
        while ((read = source.Read(buffer)) > 0)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                copy.Cancel(); // the server abandons the COPY: nothing of it remains
                cancellationToken.ThrowIfCancellationRequested();
            }
            copy.Write(buffer, 0, read);
        }
        copy.Dispose(); // ends the COPY; the server's errors surface here
        return InsertedInTransaction(connection, targetTable) - before;
    }

    private static long InsertedInTransaction(NpgsqlConnection connection, string table)
    {
        using var command = new NpgsqlCommand("SELECT pg_stat_get_xact_tuples_inserted($1::regclass)", connection);
        command.Parameters.AddWithValue(table);
        return (long)command.ExecuteScalar()!;
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    /// <summary>Parses <paramref name="csv"/> here and copies it into <paramref name="targetTable"/> (the table itself or a staging copy of it) with binary COPY.</summary>
    /// <returns>The number of rows copied.</returns>
    private static long Copy(NpgsqlConnection connection, OmopTable table, string targetTable, Stream csv, string fileName, CancellationToken cancellationToken)
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
