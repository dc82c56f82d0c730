-- Access requests as append-only event streams; the version primary key is the optimistic lock that
-- makes concurrent commands (two last votes at once) produce one outcome, never two grants.
CREATE TABLE governance.request_events (
    project_id uuid NOT NULL,
    version integer NOT NULL,
    event_type text NOT NULL,
    payload jsonb NOT NULL,
    actor text NOT NULL,
    occurred_at timestamptz NOT NULL,
    PRIMARY KEY (project_id, version));

-- Read model for lists (my projects, review queue, grants), written in the same transaction as the events.
CREATE TABLE governance.projects (
    project_id uuid PRIMARY KEY,
    title text NOT NULL,
    state text NOT NULL,
    requester text NOT NULL,
    team text[] NOT NULL,
    datasets text[] NOT NULL,
    grant_end timestamptz,
    version integer NOT NULL,
    updated_at timestamptz NOT NULL,
    -- The project's pseudonymisation key (HMAC-SHA256): it never leaves this service.
    pseudonym_key bytea NOT NULL);
CREATE INDEX projects_team ON governance.projects USING gin (team);
CREATE INDEX projects_state ON governance.projects (state, updated_at);

-- The audit log: each row's hash is an HMAC over the previous row's hash and its own fields.
CREATE TABLE governance.audit_log (
    seq bigint PRIMARY KEY,
    entry_id uuid NOT NULL UNIQUE,
    occurred_at timestamptz NOT NULL,
    actor text NOT NULL,
    action text NOT NULL,
    project_id uuid,
    resource text NOT NULL,
    outcome text NOT NULL,
    reason text,
    source text NOT NULL,
    correlation_id text,
    prev_hash bytea NOT NULL,
    hash bytea NOT NULL);
CREATE INDEX audit_log_project ON governance.audit_log (project_id, seq);

-- The chain's head, locked by every writer: one chain, in order, whatever the number of instances.
CREATE TABLE governance.audit_head (
    id integer PRIMARY KEY CHECK (id = 1),
    seq bigint NOT NULL,
    hash bytea NOT NULL);
INSERT INTO governance.audit_head VALUES (1, 0, '\x0000000000000000000000000000000000000000000000000000000000000000');

-- Append-only in the database too: changing history needs a superuser to disable these first, and the
-- chain then shows where.
CREATE FUNCTION governance.refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON governance.audit_log
    FOR EACH ROW EXECUTE FUNCTION governance.refuse_audit_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON governance.audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION governance.refuse_audit_change();
