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

-- The doc-keyed indexes of the band and anchor tables served only to delete stale versions'
-- rows; those are now deleted by key (from the stored signature and set). Every batch wrote
-- each band and anchor entry twice.
DROP INDEX IF EXISTS dedup_bands_doc;
DROP INDEX IF EXISTS dedup_anchors_doc;
