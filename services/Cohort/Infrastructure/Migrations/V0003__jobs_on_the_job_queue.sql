-- Cohort jobs move to the platform's job queue (schema cohort_jobs, created by its own migration set, which runs
-- first). Job ids are kept: created cohorts are stored in cdm.cohort under their job's id.
INSERT INTO cohort_jobs.jobs (job_id, owner, project_id, kind, payload, payload_sha256, status, progress, result, error, attempts, claimed_by,
                              heartbeat_at, created_at, finished_at)
OVERRIDING SYSTEM VALUE
SELECT job_id, owner, project_id, mode, definition, definition_sha256, status, progress, result, error, attempts, claimed_by,
       heartbeat_at, created_at, finished_at
FROM cohorts.jobs;
SELECT setval(pg_get_serial_sequence('cohort_jobs.jobs', 'job_id'), coalesce((SELECT max(job_id) FROM cohort_jobs.jobs), 0) + 1, false);
DROP TABLE cohorts.jobs;
