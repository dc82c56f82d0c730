-- The cohort builder searches the vocabulary by any part of a concept's name (ILIKE '%...%'), which a
-- b-tree cannot serve; a trigram index can, and keeps the search fast on a full Athena vocabulary
-- (millions of concepts). pg_trgm is a trusted extension: the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE INDEX idx_concept_name_trgm ON cdm.concept USING gin (concept_name public.gin_trgm_ops);
