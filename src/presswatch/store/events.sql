-- Schema version 4: events as database-wide identities (see extract/eventjoin.py).
-- Participants of each document event as database-wide entity ids (events.participants
-- holds the names); pos is the order in events.participants.
CREATE TABLE IF NOT EXISTS event_participants (
    doc_id     TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ord        INTEGER NOT NULL,
    pos        INTEGER NOT NULL,
    entity_id  TEXT,
    name       TEXT    NOT NULL,
    PRIMARY KEY (doc_id, ord, pos)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS event_participants_entity ON event_participants (entity_id);

-- Events joined across documents: one row per happening.
CREATE TABLE IF NOT EXISTS event_clusters (
    id               TEXT    PRIMARY KEY,
    type             TEXT    NOT NULL,
    date             TEXT,
    place            TEXT,
    participants     TEXT    NOT NULL DEFAULT '[]',  -- JSON list of display names
    participant_ids  TEXT    NOT NULL DEFAULT '[]',  -- JSON list of entity ids
    first_date       TEXT,
    last_date        TEXT,
    sources          INTEGER NOT NULL DEFAULT 0       -- number of documents
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS event_clusters_type ON event_clusters (type, date);

-- The document events (rows of events) that make up each cluster.
CREATE TABLE IF NOT EXISTS event_cluster_members (
    doc_id      TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ord         INTEGER NOT NULL,
    cluster_id  TEXT    NOT NULL,
    PRIMARY KEY (doc_id, ord)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS event_cluster_members_cluster ON event_cluster_members (cluster_id);
