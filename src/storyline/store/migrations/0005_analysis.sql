-- Story analysis: one JSON record per story, recomputed only when the story's members change.
CREATE TABLE story_analysis (
    story_id TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,          -- hash of the member article versions and their cleaned texts
    analysis TEXT NOT NULL,             -- the StoryAnalysis as JSON
    computed_at TEXT NOT NULL
);
