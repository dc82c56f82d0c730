-- The OHDSI Medical Imaging CDM extension (Park et al., "Development of Medical Imaging Data Standardization for
-- Imaging-Based Observational Research: OMOP Common Data Model Extension", J Imaging Inform Med 2024):
-- IMAGE_OCCURRENCE, one row per imaging study, linked to the person, the procedure and the visit, and found by its
-- DICOM StudyInstanceUID; IMAGE_FEATURE, what was measured or found on it (by a radiologist or an algorithm), its
-- value in the row of the table it points to (image_feature_event_field_concept_id / image_feature_event_id:
-- MEASUREMENT here). The synthetic hospital fills IMAGE_OCCURRENCE; the imaging service writes IMAGE_FEATURE.
CREATE TABLE cdm.image_occurrence (
    image_occurrence_id bigint NOT NULL PRIMARY KEY,
    person_id bigint NOT NULL,
    procedure_occurrence_id bigint NULL,
    visit_occurrence_id bigint NULL,
    anatomic_site_concept_id integer NULL,
    wadors_uri varchar(400) NULL,
    local_path varchar(400) NULL,
    image_occurrence_date date NOT NULL,
    image_study_uid varchar(250) NOT NULL,
    image_series_uid varchar(250) NULL,
    modality_concept_id integer NULL
);
CREATE INDEX idx_image_occurrence_person ON cdm.image_occurrence (person_id);
CREATE UNIQUE INDEX idx_image_occurrence_study ON cdm.image_occurrence (image_study_uid);

CREATE TABLE cdm.image_feature (
    image_feature_id bigint NOT NULL PRIMARY KEY,
    person_id bigint NOT NULL,
    image_occurrence_id bigint NOT NULL,
    image_feature_event_field_concept_id integer NULL,
    image_feature_event_id bigint NULL,
    image_feature_concept_id integer NOT NULL,
    image_feature_type_concept_id integer NOT NULL,
    image_finding_concept_id integer NULL,
    image_finding_id bigint NULL,
    anatomic_site_concept_id integer NULL,
    alg_system varchar(250) NULL,
    alg_datetime timestamp NULL
);
CREATE INDEX idx_image_feature_occurrence ON cdm.image_feature (image_occurrence_id);
CREATE INDEX idx_image_feature_person ON cdm.image_feature (person_id);
