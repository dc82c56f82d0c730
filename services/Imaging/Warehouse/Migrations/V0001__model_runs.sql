-- Where each model run over the warehouse's studies stands, committed with the IMAGE_FEATURE rows of the studies it
-- covers: a run taken over after a kill resumes after last_image_occurrence_id (no study analysed twice, none skipped).
CREATE TABLE imaging.run_progress (
    job_id integer PRIMARY KEY,
    last_image_occurrence_id bigint NOT NULL,
    studies bigint NOT NULL,
    analysed bigint NOT NULL,
    positive bigint NOT NULL,
    persons_positive bigint[] NOT NULL DEFAULT '{}',
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- IMAGE_FEATURE ids, and the MEASUREMENT ids of the probabilities they point to, in a range of their own (far above
-- the loaded data's) since this service is the only writer of its rows.
CREATE SEQUENCE imaging.image_feature_id;
CREATE SEQUENCE imaging.measurement_id START WITH 9000000000000000000;
