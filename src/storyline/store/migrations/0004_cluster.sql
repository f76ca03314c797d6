-- Cluster: stories, each article's place in one with the link that explains it,
-- story events (merge, split, renamed) and engine checkpoints for incremental runs.
CREATE TABLE cluster_members (
    article_id TEXT PRIMARY KEY,
    doc INTEGER NOT NULL,                -- the article version that was clustered
    story TEXT NOT NULL,
    order_key TEXT NOT NULL,             -- canonical position: publication time, then id
    dup_group TEXT,                      -- duplicate group the article was clustered with
    link_to TEXT,                        -- the member it is linked to (NULL: it opened the story)
    link_kind TEXT NOT NULL,             -- first | similar | duplicate
    score REAL NOT NULL DEFAULT 0,
    shared_entities TEXT NOT NULL DEFAULT '[]',
    shared_terms TEXT NOT NULL DEFAULT '[]',
    days_apart REAL
);
CREATE INDEX cluster_members_story ON cluster_members (story, order_key);
CREATE INDEX cluster_members_order ON cluster_members (order_key);

CREATE TABLE cluster_stories (
    id TEXT PRIMARY KEY,
    title TEXT,
    size INTEGER NOT NULL,
    first_key TEXT NOT NULL,             -- order_key of the first article
    first_published TEXT,
    last_published TEXT,
    sources TEXT NOT NULL DEFAULT '[]',  -- JSON array, in order of first appearance
    updated_at TEXT NOT NULL
);
CREATE INDEX cluster_stories_recent ON cluster_stories (last_published);

CREATE TABLE cluster_events (
    n INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,                  -- merge | split | renamed
    story TEXT NOT NULL,                 -- survivor (merge), divided story (split), new id (renamed)
    others TEXT NOT NULL,                -- JSON array: absorbed stories, parts, or the old id
    articles TEXT NOT NULL DEFAULT '[]', -- JSON array: articles whose arrival caused it
    created_at TEXT NOT NULL
);
CREATE INDEX cluster_events_story ON cluster_events (story);

CREATE TABLE cluster_checkpoints (
    after_key TEXT PRIMARY KEY,          -- the state includes every article up to this order_key
    config TEXT NOT NULL,                -- fingerprint of the settings the state was built with
    state BLOB NOT NULL,                 -- zlib-compressed JSON of the engine state
    created_at TEXT NOT NULL
);
