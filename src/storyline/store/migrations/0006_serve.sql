-- Serve: a full-text index of titles and cleaned texts for story search.
-- External content (no second copy of the texts): FTS5 reads them back through this view.
CREATE VIEW search_source AS
    SELECT c.doc AS doc, a.title AS title, c.text AS text
    FROM cleaned c JOIN articles a ON a.doc = c.doc;

CREATE VIRTUAL TABLE search_fts USING fts5(
    title, text, content = 'search_source', content_rowid = 'doc',
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Kept in step with `cleaned`. Re-cleaning uses INSERT OR REPLACE, whose implicit delete fires
-- no trigger, so the old entry is taken out before every insert.
CREATE TRIGGER search_cleaned_before_insert BEFORE INSERT ON cleaned BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, text)
        SELECT 'delete', c.doc, a.title, c.text
        FROM cleaned c JOIN articles a ON a.doc = c.doc WHERE c.doc = new.doc;
END;

CREATE TRIGGER search_cleaned_after_insert AFTER INSERT ON cleaned BEGIN
    INSERT INTO search_fts (rowid, title, text)
        SELECT new.doc, a.title, new.text FROM articles a WHERE a.doc = new.doc;
END;

CREATE TRIGGER search_cleaned_after_delete AFTER DELETE ON cleaned BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, text)
        SELECT 'delete', old.doc, a.title, old.text FROM articles a WHERE a.doc = old.doc;
END;

-- Index what was cleaned before this migration.
INSERT INTO search_fts (search_fts) VALUES ('rebuild');

-- Each analysed article's role, read out of the stored story analyses, so that the sources page
-- counts originals and copies with one GROUP BY instead of parsing every analysis per request.
CREATE TABLE serve_roles (
    article_id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL,
    role TEXT NOT NULL
);
CREATE INDEX serve_roles_story ON serve_roles (story_id);

-- story_analysis is written with INSERT OR REPLACE: the insert trigger clears the story first.
CREATE TRIGGER serve_roles_after_insert AFTER INSERT ON story_analysis BEGIN
    DELETE FROM serve_roles WHERE story_id = new.story_id;
    INSERT OR REPLACE INTO serve_roles (article_id, story_id, role)
        SELECT json_extract(value, '$.id'), new.story_id, json_extract(value, '$.role')
        FROM json_each(new.analysis, '$.articles')
        WHERE json_extract(value, '$.id') IS NOT NULL AND json_extract(value, '$.role') IS NOT NULL;
END;

CREATE TRIGGER serve_roles_after_delete AFTER DELETE ON story_analysis BEGIN
    DELETE FROM serve_roles WHERE story_id = old.story_id;
END;

INSERT OR REPLACE INTO serve_roles (article_id, story_id, role)
    SELECT json_extract(j.value, '$.id'), s.story_id, json_extract(j.value, '$.role')
    FROM story_analysis s, json_each(s.analysis, '$.articles') j
    WHERE json_extract(j.value, '$.id') IS NOT NULL AND json_extract(j.value, '$.role') IS NOT NULL;
