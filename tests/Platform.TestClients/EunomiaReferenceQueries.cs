namespace EdsPlatform.Testing;

/// <summary>Hand-written SQL on Eunomia that the compiled cohort definitions are checked and timed against.</summary>
public static class EunomiaReferenceQueries
{
    /// <summary>Each person's first celecoxib era (the ingredient and its descendants) inside an observation period, with the person's birth year and gender.</summary>
    public const string FirstCelecoxibEras = """
        WITH eras AS (
          SELECT de.person_id, de.drug_era_start_date AS start_date, op.observation_period_end_date AS op_end,
            row_number() OVER (PARTITION BY de.person_id ORDER BY de.drug_era_start_date) AS ordinal
          FROM cdm.drug_era de
          JOIN cdm.observation_period op ON op.person_id = de.person_id
            AND de.drug_era_start_date BETWEEN op.observation_period_start_date AND op.observation_period_end_date
          WHERE de.drug_concept_id IN (SELECT descendant_concept_id FROM cdm.concept_ancestor WHERE ancestor_concept_id = 1118084 UNION SELECT 1118084))
        SELECT e.person_id, e.start_date, e.op_end, p.year_of_birth, p.gender_concept_id
        FROM eras e JOIN cdm.person p ON p.person_id = e.person_id WHERE e.ordinal = 1
        """;
}
