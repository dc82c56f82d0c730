-- A service's jobs, claimed in the database so that several workers (in the API process or replicas of it)
-- share the work and a restart finds what was running (heartbeat) instead of leaving it "running" for ever.
-- ${schema} is the service's job schema (e.g. cohort_jobs).
CREATE TABLE ${schema}.jobs (
    job_id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner text NOT NULL,
    project_id uuid,
    kind text NOT NULL,
    payload jsonb NOT NULL,
    payload_sha256 text NOT NULL,
    status text NOT NULL,
    progress real NOT NULL DEFAULT 0,
    result jsonb,
    error text,
    attempts integer NOT NULL DEFAULT 0,
    claimed_by text,
    heartbeat_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz);
CREATE INDEX jobs_waiting ON ${schema}.jobs (status, job_id) WHERE status IN ('Queued', 'Running', 'Cancelling');
CREATE INDEX jobs_owner_active ON ${schema}.jobs (owner) WHERE status IN ('Queued', 'Running', 'Cancelling');
