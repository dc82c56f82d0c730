-- Where each extraction job stands, committed with the NOTE_NLP rows of the notes it covers: a job taken over
-- after a kill resumes after last_note_id (no note processed twice, none skipped).
CREATE TABLE nlp.extraction_progress (
    job_id integer PRIMARY KEY,
    last_note_id bigint NOT NULL,
    notes bigint NOT NULL,
    rows bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- NOTE_NLP row ids (this service is the table's only writer).
CREATE SEQUENCE nlp.note_nlp_id;
