-- A job may be created for a project: only then can that project's team list its members (and only within the
-- project's grant). Jobs without a project count, and create cohorts nobody can list.
ALTER TABLE cohorts.jobs ADD COLUMN project_id uuid;
-- The per-user limit on jobs waiting or running counts these.
CREATE INDEX jobs_owner_active ON cohorts.jobs (owner) WHERE status IN ('Queued', 'Running', 'Cancelling');
