-- Subjects (一人一档 / 一企一档), the identifiers that find them, the link
-- from an applicant account to its subject, consents (用数/用证授权), the
-- data-use log, and the demo data sources' records (SQLite).
-- Timestamps are integer unix seconds (UTC), the same on both backends.
-- JSON is stored as TEXT on both backends, exactly as written.

CREATE TABLE subjects (
    -- Opaque id assigned by the platform (never an ID number).
    id         TEXT PRIMARY KEY NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('person', 'enterprise')),
    name       TEXT NOT NULL,
    -- The profile (domain `Profile`) as JSON.
    body       TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX subjects_kind ON subjects (kind);

-- One row per identifier: one identifier, one subject (一人两证一档: a
-- Taiwan compatriot's 台胞证 and 居住证 are two rows of one subject).
CREATE TABLE subject_keys (
    -- SubjectKey::kind(): resident_id, taiwan_permit, residence_permit,
    -- passport, uscc.
    key_kind   TEXT NOT NULL,
    -- SubjectKey::lookup_value() (the lifelong number for a 台胞证).
    key_value  TEXT NOT NULL,
    subject_id TEXT NOT NULL REFERENCES subjects (id),
    PRIMARY KEY (key_kind, key_value)
);
CREATE INDEX subject_keys_subject ON subject_keys (subject_id);

-- 实名核验: the applicant account (actor id) linked to its subject.
CREATE TABLE applicant_subjects (
    applicant_id TEXT PRIMARY KEY NOT NULL,
    subject_id   TEXT NOT NULL REFERENCES subjects (id),
    linked_at    BIGINT NOT NULL
);

CREATE TABLE consents (
    id          TEXT PRIMARY KEY NOT NULL,
    subject_id  TEXT NOT NULL REFERENCES subjects (id),
    purpose     TEXT NOT NULL CHECK (purpose IN ('prefill', 'material_exemption', 'review')),
    application TEXT NOT NULL,
    -- JSON array of SourceRef.
    sources     TEXT NOT NULL,
    granted_at  BIGINT NOT NULL,
    revoked_at  BIGINT
);
CREATE INDEX consents_subject ON consents (subject_id, application);

-- Every read of a subject's data (用数记录), append-only.
CREATE TABLE data_use_log (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT NOT NULL UNIQUE,
    subject_id  TEXT NOT NULL REFERENCES subjects (id),
    at          BIGINT NOT NULL,
    consent_id  TEXT NOT NULL REFERENCES consents (id),
    -- The entry (source, purpose, elements read, reader …) as JSON.
    body        TEXT NOT NULL
);
CREATE INDEX data_use_log_subject ON data_use_log (subject_id, at);

-- The demo's database-backed data sources: one value per source, subject
-- and data element.
CREATE TABLE source_records (
    source     TEXT NOT NULL,
    subject_id TEXT NOT NULL REFERENCES subjects (id),
    element    TEXT NOT NULL,
    value      TEXT NOT NULL,
    PRIMARY KEY (source, subject_id, element)
);
CREATE INDEX source_records_subject ON source_records (subject_id);

-- The demo's e-licence holdings (电子证照): licence types a subject holds.
CREATE TABLE held_licences (
    subject_id   TEXT NOT NULL REFERENCES subjects (id),
    licence_type TEXT NOT NULL,
    PRIMARY KEY (subject_id, licence_type)
);
