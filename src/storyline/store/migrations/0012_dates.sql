-- Publication times compared in UTC: each date's sort key (storyline.dates.sort_key), the
-- stories' first and last keys, and the warnings of dates that could not be read.
ALTER TABLE articles ADD COLUMN published_key TEXT;
ALTER TABLE cluster_stories ADD COLUMN first_key_utc TEXT;
ALTER TABLE cluster_stories ADD COLUMN last_key_utc TEXT;

-- Existing rows: ISO dates with an offset convert to UTC in SQLite's own date functions; a day
-- (or the naive midnight scrapers write for one) sorts after the times of its day.
UPDATE articles SET published_key = CASE
    WHEN published IS NULL OR published = '' THEN NULL
    WHEN length(published) = 10 OR substr(published, 11) IN ('T00:00:00', ' 00:00:00')
        THEN substr(published, 1, 10) || 'T~'
    ELSE strftime('%Y-%m-%dT%H:%M:%f', published) END;
UPDATE cluster_stories SET
    first_key_utc = CASE
        WHEN first_published IS NULL THEN NULL
        WHEN length(first_published) = 10 OR substr(first_published, 11) IN ('T00:00:00', ' 00:00:00')
            THEN substr(first_published, 1, 10) || 'T~'
        ELSE strftime('%Y-%m-%dT%H:%M:%f', first_published) END,
    last_key_utc = CASE
        WHEN last_published IS NULL THEN NULL
        WHEN length(last_published) = 10 OR substr(last_published, 11) IN ('T00:00:00', ' 00:00:00')
            THEN substr(last_published, 1, 10) || 'T~'
        ELSE strftime('%Y-%m-%dT%H:%M:%f', last_published) END;
CREATE INDEX cluster_stories_last_utc ON cluster_stories (last_key_utc);

CREATE TABLE article_warnings (
    n INTEGER PRIMARY KEY,
    doc INTEGER NOT NULL REFERENCES articles (doc) ON DELETE CASCADE,
    article_id TEXT NOT NULL,
    kind TEXT NOT NULL,              -- date: the published value did not read as a date
    message TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX article_warnings_doc ON article_warnings (doc);
