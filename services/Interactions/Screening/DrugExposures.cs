using EdsPlatform.DataAccess;
using EdsPlatform.Interactions.Engine;
using NpgsqlTypes;

namespace EdsPlatform.Interactions.Screening;

/// <summary>Which exposures a screening reads: a period, and optionally the members of a cohort created for the project.</summary>
public sealed record ExposureScope(DateOnly? From, DateOnly? To, int? Cohort);

/// <summary>A drug as recorded, with how many exposures in the scope record it that way.</summary>
public sealed record RecordedDrug(long ConceptId, string? Strength, string? Route, decimal? UnitsPerDay, long Exposures);

/// <summary>One person's overlapping exposures to a pair of drugs that interact, counted under a finding.</summary>
public sealed record CoExposure(int Finding, long PersonId, long Episodes);

/// <summary>
/// The warehouse's drug exposures, read with the read-only login: the distinct ways drugs are recorded in a period,
/// then the persons whose exposures to two interacting variants overlap in time (an exposure without an end lasts
/// its start day).
/// </summary>
public sealed class DrugExposures(OmopReader omop)
{
    /// <summary>The exposures in scope: the period ($1, $2) and, when $3 names one, the members of a created cohort.</summary>
    private const string InScope = """
        ($1::date IS NULL OR COALESCE(d.drug_exposure_end_date, d.drug_exposure_start_date) >= $1)
        AND ($2::date IS NULL OR d.drug_exposure_start_date <= $2)
        AND ($3::int IS NULL OR EXISTS (SELECT 1 FROM cdm.cohort c WHERE c.cohort_definition_id = $3 AND c.subject_id = d.person_id))
        """;

    private const string UnitsPerDay = "CASE WHEN d.days_supply > 0 AND d.quantity > 0 THEN round(d.quantity / d.days_supply, 3) END";

    public async Task<IReadOnlyList<RecordedDrug>> RecordedDrugsAsync(ExposureScope scope, CancellationToken cancellationToken)
    {
        await using var command = omop.DataSource.CreateCommand($"""
            SELECT d.drug_concept_id, d.dose_unit_source_value, d.route_source_value, {UnitsPerDay}, count(*)
            FROM cdm.drug_exposure d WHERE d.drug_concept_id <> 0 AND {InScope}
            GROUP BY 1, 2, 3, 4
            """);
        AddScope(command, scope);
        var drugs = new List<RecordedDrug>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            drugs.Add(new RecordedDrug(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetDecimal(3), reader.GetInt64(4)));
        }
        return drugs;
    }

    /// <summary>
    /// The persons exposed to both drugs of a planned pair at overlapping times. The exposures of the drugs involved are
    /// streamed in person order and compared person by person here: a self-join in SQL would pair every exposure of a
    /// person with every other and grow with the square of long treatments.
    /// </summary>
    /// <param name="drugs">The recorded drugs, in the order planned (a variant's id is its position).</param>
    public async Task<IReadOnlyList<CoExposure>> CoExposuresAsync(IReadOnlyList<RecordedDrug> drugs, ScreeningPlan plan,
        ExposureScope scope, CancellationToken cancellationToken)
    {
        var partners = plan.Pairs.ToLookup(p => p.First);
        var lines = plan.Pairs.SelectMany(p => new[] { p.First, p.Second }).ToHashSet();
        var involved = Enumerable.Range(0, drugs.Count).Where(i => lines.Contains(plan.LineOf[i])).ToArray();
        await using var command = omop.DataSource.CreateCommand($"""
            WITH v AS (SELECT * FROM unnest($4::int[], $5::bigint[], $6::text[], $7::text[], $8::numeric[]) AS v(line, concept, strength, route, units))
            SELECT d.person_id, v.line, d.drug_exposure_start_date, COALESCE(d.drug_exposure_end_date, d.drug_exposure_start_date)
            FROM cdm.drug_exposure d JOIN v ON v.concept = d.drug_concept_id
                AND v.strength IS NOT DISTINCT FROM d.dose_unit_source_value AND v.route IS NOT DISTINCT FROM d.route_source_value
                AND v.units IS NOT DISTINCT FROM {UnitsPerDay}
            WHERE {InScope}
            ORDER BY d.person_id
            """);
        AddScope(command, scope);
        command.Parameters.AddWithValue(involved.Select(i => plan.LineOf[i]).ToArray());
        command.Parameters.AddWithValue(involved.Select(i => drugs[i].ConceptId).ToArray());
        command.Parameters.Add(new() { Value = involved.Select(i => (object?)drugs[i].Strength ?? DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = involved.Select(i => (object?)drugs[i].Route ?? DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = involved.Select(i => (object?)drugs[i].UnitsPerDay ?? DBNull.Value).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Numeric });

        var found = new List<CoExposure>();
        var person = -1L;
        var exposures = new Dictionary<int, List<(DateOnly Start, DateOnly End)>>();
        void Compare()
        {
            foreach (var (line, own) in exposures)
            {
                foreach (var pair in partners[line])
                {
                    if (exposures.TryGetValue(pair.Second, out var other)
                        && own.Sum(a => other.Count(b => a.Start <= b.End && b.Start <= a.End)) is > 0 and var episodes)
                    {
                        found.Add(new CoExposure(pair.Finding, person, episodes));
                    }
                }
            }
            exposures.Clear();
        }
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.GetInt64(0) != person)
            {
                Compare();
                person = reader.GetInt64(0);
            }
            var line = reader.GetInt32(1);
            if (!exposures.TryGetValue(line, out var list))
            {
                exposures[line] = list = [];
            }
            list.Add((reader.GetFieldValue<DateOnly>(2), reader.GetFieldValue<DateOnly>(3)));
        }
        Compare();
        return found;
    }

    private static void AddScope(Npgsql.NpgsqlCommand command, ExposureScope scope)
    {
        command.Parameters.Add(new() { Value = (object?)scope.From ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Date });
        command.Parameters.Add(new() { Value = (object?)scope.To ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Date });
        command.Parameters.Add(new() { Value = (object?)scope.Cohort ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
    }
}
