-- Cluster: an engine checkpoint is stored in pieces. The row in cluster_checkpoints keeps
-- the small fields; the long lists (open stories, archived stories) go here in chunks, so
-- no one blob grows with the feed and a busy store can always restore its checkpoint.
-- Checkpoints written before this migration keep their lists inline and read as before.
CREATE TABLE cluster_checkpoint_parts (
    after_key TEXT NOT NULL REFERENCES cluster_checkpoints (after_key) ON DELETE CASCADE,
    n INTEGER NOT NULL,                  -- order of the chunk within its checkpoint
    field TEXT NOT NULL,                 -- the list of the state this chunk continues
    state BLOB NOT NULL,                 -- zlib-compressed JSON array: the chunk's items
    PRIMARY KEY (after_key, n)
);
