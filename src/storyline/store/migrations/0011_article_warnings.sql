-- What ingest had to repair in an article (invalid characters replaced, undecodable bytes),
-- as a JSON list of sentences.
ALTER TABLE articles ADD COLUMN warnings TEXT NOT NULL DEFAULT '[]';
