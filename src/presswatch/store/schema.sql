-- presswatch database, schema version 3 (PRAGMA user_version).
-- Applied as a whole to a new database; older databases are brought up to date by the
-- migrations in store/sqlite.py. Offsets are Python string indices into documents.text.

-- One row per stored document. seq is the ingest order (and the full-text rowid); a
-- document replaced by a later write keeps its seq.
CREATE TABLE documents (
    seq                 INTEGER PRIMARY KEY AUTOINCREMENT,
    id                  TEXT    NOT NULL UNIQUE,
    source              TEXT    NOT NULL,
    group_name          TEXT    NOT NULL DEFAULT '',
    text                TEXT    NOT NULL,
    text_hash           TEXT    NOT NULL,
    title               TEXT,
    outlet              TEXT,
    language            TEXT    NOT NULL,
    published           TEXT,
    published_evidence  TEXT,
    stated_date         TEXT,  -- the date the article states (published may withdraw it)
    stated_evidence     TEXT,
    has_dateline        INTEGER NOT NULL DEFAULT 0,  -- a dateline may be present but empty
    dateline_place      TEXT,
    dateline_date       TEXT,
    duplicate_of        TEXT,
    warnings            TEXT    NOT NULL DEFAULT '[]',  -- JSON list of strings
    ingested_at         TEXT    NOT NULL
);
CREATE INDEX documents_text_hash ON documents (text_hash);
CREATE INDEX documents_published ON documents (published);
CREATE INDEX documents_group ON documents (group_name);
CREATE INDEX documents_duplicate_of ON documents (duplicate_of);

-- Every source (path, URL, archive record) that carried a document's content.
CREATE TABLE sources (
    source      TEXT NOT NULL,
    doc_id      TEXT NOT NULL,
    first_seen  TEXT NOT NULL,
    PRIMARY KEY (source, doc_id)
) WITHOUT ROWID;
CREATE INDEX sources_doc ON sources (doc_id);

-- Canonical identities, shared by every document that mentions them (one id and display
-- name database-wide, across languages: see extract/canonical.py). locked = 1 once a user
-- renamed it: the display name no longer follows the aliases.
CREATE TABLE entities (
    id      TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    type    TEXT NOT NULL,
    locked  INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX entities_name ON entities (name);

-- Every name form an identity goes by, per language, with the number of documents that
-- use it (count 0: added by a user). alias_key is the language-independent folded key.
CREATE TABLE entity_aliases (
    entity_id  TEXT    NOT NULL,
    alias      TEXT    NOT NULL,
    language   TEXT    NOT NULL,
    alias_key  TEXT    NOT NULL,
    count      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (entity_id, alias, language)
) WITHOUT ROWID;
CREATE INDEX entity_aliases_key ON entity_aliases (alias_key);

-- User corrections of identities (merge, split, alias, rename), re-applied to every
-- document ingested later. args is a JSON object.
CREATE TABLE entity_corrections (
    id    INTEGER PRIMARY KEY AUTOINCREMENT,
    kind  TEXT NOT NULL CHECK (kind IN ('merge', 'split', 'alias', 'rename')),
    args  TEXT NOT NULL,
    at    TEXT NOT NULL
);

-- A document's entity list, in order, with the roles this document gives each.
CREATE TABLE doc_entities (
    doc_id     TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ord        INTEGER NOT NULL,
    entity_id  TEXT    NOT NULL REFERENCES entities (id),
    roles      TEXT    NOT NULL DEFAULT '[]',  -- JSON list of strings
    role_spans  TEXT   NOT NULL DEFAULT '[]',  -- JSON [[start, end]], parallel to roles
    aliases     TEXT   NOT NULL DEFAULT '[]',  -- JSON list: the name forms this document uses
    resolution  TEXT,  -- why entity_id was chosen (extract/canonical.py)
    PRIMARY KEY (doc_id, ord)
) WITHOUT ROWID;
CREATE INDEX doc_entities_entity ON doc_entities (entity_id);

-- Where each entity of a document is mentioned; ent_ord is its place in doc_entities.
CREATE TABLE entity_mentions (
    doc_id     TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ent_ord    INTEGER NOT NULL,
    ord        INTEGER NOT NULL,
    entity_id  TEXT    NOT NULL REFERENCES entities (id),
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    evidence   TEXT,  -- why this mention belongs to the entity
    PRIMARY KEY (doc_id, ent_ord, ord)
) WITHOUT ROWID;
CREATE INDEX entity_mentions_entity ON entity_mentions (entity_id);

CREATE TABLE quotes (
    doc_id      TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ord         INTEGER NOT NULL,
    text        TEXT    NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    speaker     TEXT,
    speaker_id  TEXT,
    cue         TEXT,
    kind        TEXT    NOT NULL,
    PRIMARY KEY (doc_id, ord)
) WITHOUT ROWID;
CREATE INDEX quotes_speaker ON quotes (speaker_id);

CREATE TABLE figures (
    doc_id    TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ord       INTEGER NOT NULL,
    text      TEXT    NOT NULL,
    start     INTEGER NOT NULL,
    "end"     INTEGER NOT NULL,
    value     REAL    NOT NULL,
    unit      TEXT    NOT NULL,
    metric    TEXT,
    period    TEXT,
    claimant  TEXT,
    kind      TEXT    NOT NULL,
    PRIMARY KEY (doc_id, ord)
) WITHOUT ROWID;

CREATE TABLE events (
    doc_id        TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ord           INTEGER NOT NULL,
    type          TEXT    NOT NULL,
    participants  TEXT    NOT NULL DEFAULT '[]',  -- JSON list of canonical names
    place         TEXT,
    date          TEXT,
    start         INTEGER NOT NULL,
    "end"         INTEGER NOT NULL,
    PRIMARY KEY (doc_id, ord)
) WITHOUT ROWID;
CREATE INDEX events_type ON events (type);

-- Items that could not be ingested; cleared when the source later ingests.
CREATE TABLE rejected (
    source  TEXT PRIMARY KEY,
    reason  TEXT NOT NULL,
    at      TEXT NOT NULL
) WITHOUT ROWID;

-- How many documents of a group contain each (normalised) short line: repeated lines
-- are boilerplate.
CREATE TABLE line_stats (
    group_name  TEXT    NOT NULL,
    key         TEXT    NOT NULL,
    docs        INTEGER NOT NULL,
    PRIMARY KEY (group_name, key)
) WITHOUT ROWID;

CREATE TABLE runs (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    argv      TEXT NOT NULL,
    started   TEXT NOT NULL,
    finished  TEXT,
    counts    TEXT  -- JSON object, set when the run finishes
);

-- Near-duplicate detection (clean/duplicates.py): each document's MinHash signature and
-- its LSH band keys; a new document is a candidate near duplicate of those sharing a band.
CREATE TABLE minhash_signatures (
    doc_id     TEXT PRIMARY KEY,
    signature  BLOB NOT NULL  -- 128 little-endian uint64 MinHash values
) WITHOUT ROWID;

CREATE TABLE minhash_bands (
    band_key  TEXT NOT NULL,  -- hash of (band index, the band's rows)
    doc_id    TEXT NOT NULL,
    PRIMARY KEY (band_key, doc_id)
) WITHOUT ROWID;
CREATE INDEX minhash_bands_doc ON minhash_bands (doc_id);

-- Full-text index over title and body, kept in step with documents by triggers.
CREATE VIRTUAL TABLE documents_fts USING fts5 (
    title, text,
    content = 'documents', content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
END;

CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, text)
    VALUES ('delete', old.seq, old.title, old.text);
END;

CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, text)
    VALUES ('delete', old.seq, old.title, old.text);
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
