-- One row per dataset whose load committed. It is written in the load's own transaction, so a row
-- here means every row of that dataset is visible, and its absence means none is.
CREATE TABLE warehouse.load_history (
    dataset varchar(100) PRIMARY KEY,
    content_sha256 char(64) NOT NULL,
    row_count bigint NOT NULL,
    loaded_at timestamptz NOT NULL DEFAULT now()
);
