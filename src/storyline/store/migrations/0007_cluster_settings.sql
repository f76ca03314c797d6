-- Cluster: the settings a store's stories are built with, kept between runs
-- (storyline cluster --semantic once, and every later run, API ingest included, keeps them).
CREATE TABLE cluster_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
