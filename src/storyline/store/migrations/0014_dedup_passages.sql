-- Store-mode dedup precision (dedup/spam.py, dedup/stage.py): the passage group of each anchor
-- that three or more articles hold (its first four holders, by doc), each group's verdict, the
-- shingles of spam passages (evidence of nothing), and the cached checks of cluster members
-- against their cluster's first article (links.confirm). Candidate pairs that are no link are
-- kept in dedup_pairs with kind 0, so a later change of the spam passages can re-judge them.
CREATE TABLE dedup_passage_groups (
    grp INTEGER PRIMARY KEY,
    docs TEXT NOT NULL UNIQUE,           -- the sample: doc keys, ascending, comma separated
    spam INTEGER NOT NULL                -- 1: the passage its sample shares is spam
);

CREATE TABLE dedup_passage_anchors (
    key INTEGER PRIMARY KEY,             -- an anchor (see dedup_anchors) of >= 3 articles
    grp INTEGER NOT NULL REFERENCES dedup_passage_groups (grp)
);
CREATE INDEX dedup_passage_anchors_grp ON dedup_passage_anchors (grp);

CREATE TABLE dedup_spam (
    shingle INTEGER NOT NULL,            -- a shingle hash of a spam group's passage
    grp INTEGER NOT NULL REFERENCES dedup_passage_groups (grp),
    PRIMARY KEY (shingle, grp)
) WITHOUT ROWID;
CREATE INDEX dedup_spam_grp ON dedup_spam (grp);

CREATE TABLE dedup_checks (
    doc INTEGER NOT NULL,                -- a cluster member
    rep INTEGER NOT NULL,                -- its cluster's first article
    shared INTEGER NOT NULL,             -- shingles in both (spam passages left out)
    doc_size INTEGER NOT NULL,
    rep_size INTEGER NOT NULL,
    names_shared INTEGER NOT NULL,       -- names and numbers in both
    doc_names INTEGER NOT NULL,
    rep_names INTEGER NOT NULL,
    PRIMARY KEY (doc, rep)
) WITHOUT ROWID;
CREATE INDEX dedup_checks_rep ON dedup_checks (rep);
