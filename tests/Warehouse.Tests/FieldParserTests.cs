using EdsPlatform.Warehouse.Loading;

namespace EdsPlatform.Warehouse.Tests;

public class FieldParserTests
{
    [Theory]
    [InlineData("2019-05-25", 2019, 5, 25)]
    [InlineData("20190525", 2019, 5, 25)]
    [InlineData("2019-05-25T00:00:00Z", 2019, 5, 25)]
    public void Dates_are_read_in_the_forms_OMOP_exports_use(string text, int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), FieldParser.ParseDate(text));

    [Theory]
    [InlineData("1963-12-31T00:00:00Z", "1963-12-31T00:00:00")]
    [InlineData("2021-03-08 14:30:05", "2021-03-08T14:30:05")]
    [InlineData("20210308", "2021-03-08T00:00:00")]
    public void Datetimes_keep_their_wall_clock_time_without_a_zone(string text, string expected)
    {
        var value = FieldParser.ParseTimestamp(text);
        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
        Assert.Equal(DateTimeKind.Unspecified, value.Kind);
    }

    [Theory]
    [InlineData("42", 42)]
    [InlineData("-7", -7)]
    [InlineData("19008572.0", 19008572)]
    public void Integers_accept_the_decimal_form_some_exports_write(string text, long expected) =>
        Assert.Equal(expected, FieldParser.ParseInt64(text));

    [Theory]
    [InlineData("12.5")]
    [InlineData("abc")]
    [InlineData("")]
    public void A_value_that_is_not_an_integer_is_refused(string text) =>
        Assert.Throws<FormatException>(() => FieldParser.ParseInt64(text));

    [Theory]
    [InlineData("2019-13-01")]
    [InlineData("25/05/2019")]
    [InlineData("yesterday")]
    public void A_value_that_is_not_a_date_is_refused(string text) =>
        Assert.Throws<FormatException>(() => FieldParser.ParseDate(text));

    [Fact]
    public void Decimals_use_the_invariant_point() =>
        Assert.Equal(11.2m, FieldParser.ParseDecimal("11.2"));
}
