-- Store-mode dedup keeps each article's exact shingle set and its names-and-numbers set
-- (sorted uint32 hashes, little-endian), so that re-checking a pair or judging a passage reads
-- them back instead of re-reading and re-sketching the text. Versions sketched before this
-- migration have none: they are re-sketched from their text when needed, as before.
CREATE TABLE dedup_sets (
    doc INTEGER PRIMARY KEY,
    shingles BLOB NOT NULL,
    names BLOB NOT NULL
);

-- Articles whose pairs wait for verification: a run's new articles and those whose shared
-- passages changed. Their pairs are verified once, at the end of the run, with the passages
-- of the whole run (new candidate pairs wait in dedup_pairs with kind -1).
CREATE TABLE dedup_pending (
    doc INTEGER PRIMARY KEY
);

-- The band and anchor indexes are rebuilt without their foreign keys and doc-keyed indexes:
-- those served only to delete stale versions' rows (now deleted by key, from the stored
-- signature and set; articles are never deleted), and cost every batch a parent lookup and a
-- second B-tree insert per entry (a batch of 5,000 writes 160,000 band entries).
CREATE TABLE dedup_bands_new (
    band INTEGER NOT NULL,
    key INTEGER NOT NULL,                -- hash of the band's rows of the signature
    doc INTEGER NOT NULL,
    PRIMARY KEY (band, key, doc)
) WITHOUT ROWID;
INSERT INTO dedup_bands_new (band, key, doc) SELECT band, key, doc FROM dedup_bands;
DROP TABLE dedup_bands;
ALTER TABLE dedup_bands_new RENAME TO dedup_bands;

CREATE TABLE dedup_anchors_new (
    key INTEGER NOT NULL,                -- a shingle hash that is 0 modulo the anchor rate
    doc INTEGER NOT NULL,
    PRIMARY KEY (key, doc)
) WITHOUT ROWID;
INSERT INTO dedup_anchors_new (key, doc) SELECT key, doc FROM dedup_anchors;
DROP TABLE dedup_anchors;
ALTER TABLE dedup_anchors_new RENAME TO dedup_anchors;
