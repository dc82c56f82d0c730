-- Keys and the indexes OHDSI recommends for CDM v5.4 on PostgreSQL (OMOPCDM_postgresql_5.4_indices.sql),
-- plus unique keys on the vocabulary's natural keys so that vocabularies from several datasets merge
-- without duplicates.

ALTER TABLE cdm.person ADD CONSTRAINT xpk_person PRIMARY KEY (person_id);
ALTER TABLE cdm.location ADD CONSTRAINT xpk_location PRIMARY KEY (location_id);
ALTER TABLE cdm.care_site ADD CONSTRAINT xpk_care_site PRIMARY KEY (care_site_id);
ALTER TABLE cdm.provider ADD CONSTRAINT xpk_provider PRIMARY KEY (provider_id);
ALTER TABLE cdm.metadata ADD CONSTRAINT xpk_metadata PRIMARY KEY (metadata_id);
ALTER TABLE cdm.concept ADD CONSTRAINT xpk_concept PRIMARY KEY (concept_id);
ALTER TABLE cdm.vocabulary ADD CONSTRAINT xpk_vocabulary PRIMARY KEY (vocabulary_id);
ALTER TABLE cdm.domain ADD CONSTRAINT xpk_domain PRIMARY KEY (domain_id);
ALTER TABLE cdm.concept_class ADD CONSTRAINT xpk_concept_class PRIMARY KEY (concept_class_id);
ALTER TABLE cdm.relationship ADD CONSTRAINT xpk_relationship PRIMARY KEY (relationship_id);
ALTER TABLE cdm.concept_relationship ADD CONSTRAINT xpk_concept_relationship PRIMARY KEY (concept_id_1, concept_id_2, relationship_id);
ALTER TABLE cdm.concept_ancestor ADD CONSTRAINT xpk_concept_ancestor PRIMARY KEY (ancestor_concept_id, descendant_concept_id);
ALTER TABLE cdm.source_to_concept_map ADD CONSTRAINT xpk_source_to_concept_map PRIMARY KEY (source_vocabulary_id, target_concept_id, source_code, valid_end_date);
ALTER TABLE cdm.drug_strength ADD CONSTRAINT xpk_drug_strength PRIMARY KEY (drug_concept_id, ingredient_concept_id);
ALTER TABLE cdm.cohort_definition ADD CONSTRAINT xpk_cohort_definition PRIMARY KEY (cohort_definition_id);
CREATE UNIQUE INDEX uq_concept_synonym ON cdm.concept_synonym (concept_id, language_concept_id, md5(concept_synonym_name));

-- Event identifiers: indexed, not unique. OHDSI ships primary keys as an optional script, and real
-- exports break them (Eunomia's DRUG_EXPOSURE, MEASUREMENT and OBSERVATION repeat ids for distinct
-- rows); refusing such a dataset would help no one. Person ids, vocabulary and shared rows are unique.
CREATE INDEX idx_observation_period_id ON cdm.observation_period (observation_period_id);
CREATE INDEX idx_visit_occurrence_id ON cdm.visit_occurrence (visit_occurrence_id);
CREATE INDEX idx_visit_detail_id ON cdm.visit_detail (visit_detail_id);
CREATE INDEX idx_condition_occurrence_id ON cdm.condition_occurrence (condition_occurrence_id);
CREATE INDEX idx_drug_exposure_id ON cdm.drug_exposure (drug_exposure_id);
CREATE INDEX idx_procedure_occurrence_id ON cdm.procedure_occurrence (procedure_occurrence_id);
CREATE INDEX idx_device_exposure_id ON cdm.device_exposure (device_exposure_id);
CREATE INDEX idx_measurement_id ON cdm.measurement (measurement_id);
CREATE INDEX idx_observation_id ON cdm.observation (observation_id);
CREATE INDEX idx_note_id ON cdm.note (note_id);
CREATE INDEX idx_note_nlp_id ON cdm.note_nlp (note_nlp_id);
CREATE INDEX idx_specimen_id ON cdm.specimen (specimen_id);
CREATE INDEX idx_payer_plan_period_id ON cdm.payer_plan_period (payer_plan_period_id);
CREATE INDEX idx_cost_id ON cdm.cost (cost_id);
CREATE INDEX idx_drug_era_id ON cdm.drug_era (drug_era_id);
CREATE INDEX idx_dose_era_id ON cdm.dose_era (dose_era_id);
CREATE INDEX idx_condition_era_id ON cdm.condition_era (condition_era_id);
CREATE INDEX idx_episode_id ON cdm.episode (episode_id);

-- Clinical data: every table is read per person and per concept.
CREATE INDEX idx_person_gender ON cdm.person (gender_concept_id);
CREATE INDEX idx_observation_period_person ON cdm.observation_period (person_id);
CREATE INDEX idx_visit_person ON cdm.visit_occurrence (person_id);
CREATE INDEX idx_visit_concept ON cdm.visit_occurrence (visit_concept_id);
CREATE INDEX idx_visit_detail_person ON cdm.visit_detail (person_id);
CREATE INDEX idx_visit_detail_concept ON cdm.visit_detail (visit_detail_concept_id);
CREATE INDEX idx_visit_detail_visit ON cdm.visit_detail (visit_occurrence_id);
CREATE INDEX idx_condition_person ON cdm.condition_occurrence (person_id);
CREATE INDEX idx_condition_concept ON cdm.condition_occurrence (condition_concept_id);
CREATE INDEX idx_condition_visit ON cdm.condition_occurrence (visit_occurrence_id);
CREATE INDEX idx_drug_person ON cdm.drug_exposure (person_id);
CREATE INDEX idx_drug_concept ON cdm.drug_exposure (drug_concept_id);
CREATE INDEX idx_drug_visit ON cdm.drug_exposure (visit_occurrence_id);
CREATE INDEX idx_procedure_person ON cdm.procedure_occurrence (person_id);
CREATE INDEX idx_procedure_concept ON cdm.procedure_occurrence (procedure_concept_id);
CREATE INDEX idx_procedure_visit ON cdm.procedure_occurrence (visit_occurrence_id);
CREATE INDEX idx_device_person ON cdm.device_exposure (person_id);
CREATE INDEX idx_device_concept ON cdm.device_exposure (device_concept_id);
CREATE INDEX idx_device_visit ON cdm.device_exposure (visit_occurrence_id);
CREATE INDEX idx_measurement_person ON cdm.measurement (person_id);
CREATE INDEX idx_measurement_concept ON cdm.measurement (measurement_concept_id);
CREATE INDEX idx_measurement_visit ON cdm.measurement (visit_occurrence_id);
CREATE INDEX idx_observation_person ON cdm.observation (person_id);
CREATE INDEX idx_observation_concept ON cdm.observation (observation_concept_id);
CREATE INDEX idx_observation_visit ON cdm.observation (visit_occurrence_id);
CREATE INDEX idx_death_person ON cdm.death (person_id);
CREATE INDEX idx_note_person ON cdm.note (person_id);
CREATE INDEX idx_note_type ON cdm.note (note_type_concept_id);
CREATE INDEX idx_note_visit ON cdm.note (visit_occurrence_id);
CREATE INDEX idx_note_nlp_note ON cdm.note_nlp (note_id);
CREATE INDEX idx_note_nlp_concept ON cdm.note_nlp (note_nlp_concept_id);
CREATE INDEX idx_specimen_person ON cdm.specimen (person_id);
CREATE INDEX idx_specimen_concept ON cdm.specimen (specimen_concept_id);
CREATE INDEX idx_fact_relationship_1 ON cdm.fact_relationship (domain_concept_id_1);
CREATE INDEX idx_fact_relationship_2 ON cdm.fact_relationship (domain_concept_id_2);
CREATE INDEX idx_fact_relationship_3 ON cdm.fact_relationship (relationship_concept_id);
CREATE INDEX idx_payer_plan_period_person ON cdm.payer_plan_period (person_id);
CREATE INDEX idx_drug_era_person ON cdm.drug_era (person_id);
CREATE INDEX idx_drug_era_concept ON cdm.drug_era (drug_concept_id);
CREATE INDEX idx_dose_era_person ON cdm.dose_era (person_id);
CREATE INDEX idx_dose_era_concept ON cdm.dose_era (drug_concept_id);
CREATE INDEX idx_condition_era_person ON cdm.condition_era (person_id);
CREATE INDEX idx_condition_era_concept ON cdm.condition_era (condition_concept_id);
CREATE INDEX idx_metadata_concept ON cdm.metadata (metadata_concept_id);
CREATE INDEX idx_cohort_definition_subject ON cdm.cohort (cohort_definition_id, subject_id);
CREATE INDEX idx_cohort_subject ON cdm.cohort (subject_id);

-- Vocabulary
CREATE INDEX idx_concept_code ON cdm.concept (concept_code);
CREATE INDEX idx_concept_vocabulary ON cdm.concept (vocabulary_id);
CREATE INDEX idx_concept_domain ON cdm.concept (domain_id);
CREATE INDEX idx_concept_class ON cdm.concept (concept_class_id);
CREATE INDEX idx_concept_relationship_2 ON cdm.concept_relationship (concept_id_2);
CREATE INDEX idx_concept_relationship_3 ON cdm.concept_relationship (relationship_id);
CREATE INDEX idx_concept_ancestor_descendant ON cdm.concept_ancestor (descendant_concept_id);
CREATE INDEX idx_source_to_concept_map_source_code ON cdm.source_to_concept_map (source_code);
CREATE INDEX idx_drug_strength_ingredient ON cdm.drug_strength (ingredient_concept_id);
