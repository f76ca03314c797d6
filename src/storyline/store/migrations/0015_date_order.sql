-- One date order for every view (storyline.dates.sort_key): a date's key is its UTC interval's
-- start at its precision, a coarser interval after the finer ones it holds (a millisecond before
-- the second that holds it, a time before its day). Re-key existing rows with the function that
-- keys new ones (registered on every connection by storyline.store.db.connect).
UPDATE articles SET published_key = storyline_date_key(published);

-- A story's first and last dates: its members' earliest and latest in that order, ties by id.
UPDATE cluster_stories SET
    first_published = (
        SELECT a.published FROM cluster_members m JOIN articles a ON a.doc = m.doc
        WHERE m.story = cluster_stories.id AND a.published_key IS NOT NULL
        ORDER BY a.published_key, m.article_id LIMIT 1),
    last_published = (
        SELECT a.published FROM cluster_members m JOIN articles a ON a.doc = m.doc
        WHERE m.story = cluster_stories.id AND a.published_key IS NOT NULL
        ORDER BY a.published_key DESC, m.article_id LIMIT 1);
UPDATE cluster_stories SET
    first_key_utc = storyline_date_key(first_published),
    last_key_utc = storyline_date_key(last_published);

