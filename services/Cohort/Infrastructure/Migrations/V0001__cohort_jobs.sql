-- Cohort jobs, claimed in the database so that several instances share the work and a restart finds
-- what was running (heartbeat) instead of leaving it "running" forever.
CREATE TABLE cohorts.jobs (
    job_id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner text NOT NULL,
    mode text NOT NULL,
    definition jsonb NOT NULL,
    definition_sha256 text NOT NULL,
    status text NOT NULL,
    progress real NOT NULL DEFAULT 0,
    result jsonb,
    error text,
    attempts integer NOT NULL DEFAULT 0,
    claimed_by text,
    heartbeat_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz);
CREATE INDEX jobs_waiting ON cohorts.jobs (status, job_id) WHERE status IN ('Queued', 'Running', 'Cancelling');
CREATE INDEX jobs_owner ON cohorts.jobs (owner, job_id DESC);
