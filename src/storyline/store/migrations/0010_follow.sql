-- Follow: the sources followed (feeds, sitemaps, URL lists) and the frontier of page URLs.
-- Both live in the store so that a killed `storyline follow` resumes where it stopped.
CREATE TABLE follow_sources (
    url TEXT PRIMARY KEY,              -- normalised URL, or the file:// address of a local list
    kind TEXT NOT NULL DEFAULT '',     -- feed | sitemap | index | opml | list | page ('' before)
    parent TEXT,                       -- the sitemap index or list that named it, if any
    added_at TEXT NOT NULL,            -- UTC instants, ISO 8601 to the second
    etag TEXT,                         -- validators of the last 200, sent back conditionally
    last_modified TEXT,
    last_fetch TEXT,
    last_status INTEGER,               -- HTTP status (0: no answer) of the last attempt
    last_error TEXT,                   -- why the last attempt failed; NULL when it worked
    fetches INTEGER NOT NULL DEFAULT 0,
    errors INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE follow_frontier (
    url TEXT PRIMARY KEY,              -- normalised page URL: one row, so one fetch
    source TEXT NOT NULL,              -- the followed source that named it first
    state TEXT NOT NULL DEFAULT 'new', -- new | retry | stored | failed | blocked | source
    found_at TEXT NOT NULL,
    fetched_at TEXT,
    attempts INTEGER NOT NULL DEFAULT 0, -- rounds that tried it
    status INTEGER,
    error TEXT,
    article_id TEXT,                   -- the article stored from it
    etag TEXT,
    last_modified TEXT
);
CREATE INDEX follow_frontier_state ON follow_frontier (state);
CREATE INDEX follow_frontier_source ON follow_frontier (source, state);
