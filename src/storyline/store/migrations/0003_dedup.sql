-- Dedup: per-article sketches, the LSH band and anchor indexes (on disk, not in memory),
-- verified pairs with their evidence, and the duplicate group of each current article.
CREATE TABLE dedup_sketches (
    doc INTEGER PRIMARY KEY REFERENCES articles (doc) ON DELETE CASCADE,
    words INTEGER NOT NULL,
    shingles INTEGER NOT NULL,           -- distinct word n-grams (0: exact matching only)
    exact INTEGER NOT NULL,              -- hash of the normalised word sequence (0: no words)
    signature BLOB NOT NULL              -- one-permutation MinHash, uint16 little-endian
);
CREATE INDEX dedup_sketches_exact ON dedup_sketches (exact);

CREATE TABLE dedup_bands (
    band INTEGER NOT NULL,
    key INTEGER NOT NULL,                -- hash of the band's rows of the signature
    doc INTEGER NOT NULL REFERENCES articles (doc) ON DELETE CASCADE,
    PRIMARY KEY (band, key, doc)
) WITHOUT ROWID;
CREATE INDEX dedup_bands_doc ON dedup_bands (doc);

CREATE TABLE dedup_anchors (
    key INTEGER NOT NULL,                -- a shingle hash that is 0 modulo the anchor rate
    doc INTEGER NOT NULL REFERENCES articles (doc) ON DELETE CASCADE,
    PRIMARY KEY (key, doc)
) WITHOUT ROWID;
CREATE INDEX dedup_anchors_doc ON dedup_anchors (doc);

CREATE TABLE dedup_pairs (
    doc INTEGER NOT NULL REFERENCES articles (doc) ON DELETE CASCADE,
    other INTEGER NOT NULL REFERENCES articles (doc) ON DELETE CASCADE,  -- doc < other
    shared INTEGER NOT NULL,             -- distinct shingles in both
    doc_size INTEGER NOT NULL,
    other_size INTEGER NOT NULL,
    estimate REAL NOT NULL,              -- Jaccard estimated from the signatures
    kind INTEGER NOT NULL,               -- 2 strong link, 1 weak link (see dedup/links.py)
    linked INTEGER NOT NULL DEFAULT 0,   -- 1 when the clustering used this link
    PRIMARY KEY (doc, other)
) WITHOUT ROWID;
CREATE INDEX dedup_pairs_other ON dedup_pairs (other, doc);

CREATE TABLE dedup_groups (
    article_id TEXT PRIMARY KEY,
    doc INTEGER NOT NULL,
    grp TEXT NOT NULL,                   -- id of the group's kept (earliest) article
    is_duplicate INTEGER NOT NULL        -- 0 for the kept article, 1 for the others
);
CREATE INDEX dedup_groups_grp ON dedup_groups (grp);

CREATE TABLE dedup_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
