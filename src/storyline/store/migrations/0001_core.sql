-- Core schema: ingest batches, articles with versions, rejections, cleaned text.
CREATE TABLE batches (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    records INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE articles (
    doc INTEGER PRIMARY KEY,            -- stable integer key used by the indexes
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    is_current INTEGER NOT NULL DEFAULT 1,
    path TEXT NOT NULL DEFAULT '',
    source TEXT,
    url TEXT,
    title TEXT,
    published TEXT,
    authors TEXT NOT NULL DEFAULT '[]',
    language TEXT,
    text TEXT NOT NULL,
    raw TEXT NOT NULL DEFAULT '',
    raw_format TEXT NOT NULL DEFAULT 'text',
    content_hash TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    batch INTEGER REFERENCES batches(id),
    UNIQUE (id, version)
);
CREATE INDEX articles_current ON articles (is_current, id);
CREATE INDEX articles_hash ON articles (id, content_hash);
CREATE INDEX articles_source ON articles (source);
CREATE INDEX articles_published ON articles (published);

CREATE TABLE rejections (
    n INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    record INTEGER,
    reason TEXT NOT NULL,
    batch INTEGER,
    created_at TEXT NOT NULL
);

CREATE TABLE cleaned (
    doc INTEGER PRIMARY KEY REFERENCES articles (doc) ON DELETE CASCADE,
    text TEXT NOT NULL,
    removed TEXT NOT NULL DEFAULT '[]'
);
