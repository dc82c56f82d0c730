using Npgsql;

namespace EdsPlatform.DataAccess;

/// <summary>
/// The cohorts created for a project: create jobs of the cohort service that succeeded for it, whose members are in
/// cdm.cohort under the job's id. Other data services scope their work to such a cohort (screening, extraction);
/// the cohort service's job table is read in omopdb, where every data service works.
/// </summary>
public sealed class ProjectCohorts(NpgsqlDataSource owner)
{
    public async Task<bool> IsCreatedForAsync(int cohortJobId, Guid projectId, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = owner.CreateCommand("""
                SELECT EXISTS (SELECT 1 FROM cohort_jobs.jobs WHERE job_id = $1 AND project_id = $2 AND kind = 'Create' AND status = 'Succeeded')
                """);
            command.Parameters.AddWithValue(cohortJobId);
            command.Parameters.AddWithValue(projectId);
            return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return false; // no cohort service has run on this warehouse: no cohort exists
        }
    }
}
