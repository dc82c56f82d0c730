using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace EdsPlatform.Warehouse.Loading;

/// <summary>Writes one CSV field into a binary COPY row, converted to its column's type.</summary>
internal delegate void FieldWriter(NpgsqlBinaryImporter importer, ReadOnlySpan<char> field);

/// <summary>
/// Text-to-value conversions for OMOP CSV files as OHDSI tools write them: empty means NULL; dates as
/// yyyy-MM-dd or yyyyMMdd (Athena); datetimes in ISO 8601 with or without 'T' and 'Z'; integers that
/// some exports write as "12.0".
/// </summary>
internal static class FieldParser
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static FieldWriter WriterFor(NpgsqlDbType type) => type switch
    {
        NpgsqlDbType.Bigint => (importer, field) => importer.Write(ParseInt64(field), NpgsqlDbType.Bigint),
        NpgsqlDbType.Integer => (importer, field) => importer.Write(checked((int)ParseInt64(field)), NpgsqlDbType.Integer),
        NpgsqlDbType.Numeric => (importer, field) => importer.Write(ParseDecimal(field), NpgsqlDbType.Numeric),
        NpgsqlDbType.Date => (importer, field) => importer.Write(ParseDate(field), NpgsqlDbType.Date),
        NpgsqlDbType.Timestamp => (importer, field) => importer.Write(ParseTimestamp(field), NpgsqlDbType.Timestamp),
        NpgsqlDbType.Text => (importer, field) => importer.Write(field.ToString(), NpgsqlDbType.Text),
        _ => throw new NotSupportedException($"No CSV conversion for {type}."),
    };

    public static long ParseInt64(ReadOnlySpan<char> field)
    {
        if (long.TryParse(field, NumberStyles.AllowLeadingSign, Invariant, out var value))
        {
            return value;
        }
        if (double.TryParse(field, NumberStyles.Float, Invariant, out var real) && real == Math.Floor(real) && Math.Abs(real) < 9e15)
        {
            return (long)real;
        }
        throw new FormatException($"'{field}' is not an integer");
    }

    public static decimal ParseDecimal(ReadOnlySpan<char> field) =>
        decimal.TryParse(field, NumberStyles.Float, Invariant, out var value)
            ? value
            : throw new FormatException($"'{field}' is not a number");

    public static DateOnly ParseDate(ReadOnlySpan<char> field)
    {
        if (field.Length == 8 && DateOnly.TryParseExact(field, "yyyyMMdd", Invariant, DateTimeStyles.None, out var compact))
        {
            return compact;
        }
        // A datetime in a date column (seen in CDM exports) keeps its calendar date.
        if (field.Length >= 10 && DateOnly.TryParseExact(field[..10], "yyyy-MM-dd", Invariant, DateTimeStyles.None, out var date))
        {
            return date;
        }
        throw new FormatException($"'{field}' is not a date (yyyy-MM-dd or yyyyMMdd)");
    }

    public static DateTime ParseTimestamp(ReadOnlySpan<char> field)
    {
        if (field.Length == 8)
        {
            return ParseDate(field).ToDateTime(TimeOnly.MinValue);
        }
        // CDM datetimes carry no zone; a trailing 'Z' is read as the wall-clock time it spells.
        if (DateTime.TryParse(field, Invariant, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var value))
        {
            return DateTime.SpecifyKind(value, DateTimeKind.Unspecified);
        }
        throw new FormatException($"'{field}' is not a datetime (ISO 8601)");
    }
}
