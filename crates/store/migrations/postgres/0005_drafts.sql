-- Drafts (草稿): applications an applicant saved before submitting, and
-- the metadata of the files uploaded for them (PostgreSQL). The file contents
-- live in the object store under upload.object_key, never in the database.
-- Timestamps are integer unix seconds (UTC), the same on both backends.
-- JSON is stored as TEXT on both backends, exactly as written.

CREATE TABLE drafts (
    -- Random, unguessable id.
    id           TEXT PRIMARY KEY NOT NULL,
    -- The applicant account that owns the draft (an actor id).
    owner        TEXT NOT NULL,
    -- 'editing' until submitted; then case_no and submitted_at are set.
    status       TEXT NOT NULL CHECK (status IN ('editing', 'submitted')),
    case_no      TEXT,
    submitted_at BIGINT,
    -- Optimistic concurrency: every save must name the version it read.
    version      BIGINT NOT NULL,
    -- The draft's content as JSON (application, answers, commitments,
    -- phone, the record frozen at submission).
    body         TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    CHECK ((status = 'editing') = (case_no IS NULL))
);
CREATE INDEX drafts_owner ON drafts (owner, updated_at);

CREATE TABLE draft_uploads (
    id           TEXT PRIMARY KEY NOT NULL,
    draft_id     TEXT NOT NULL REFERENCES drafts (id),
    -- Upload order within the draft (1, 2, …), given under the draft's
    -- row lock.
    seq          BIGINT NOT NULL,
    -- The catalog material the file is for.
    material     TEXT NOT NULL,
    -- The user's file name, sanitised, for display only.
    file_name    TEXT NOT NULL,
    -- Sniffed from the content (MIME type).
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL CHECK (size > 0),
    -- Hex SHA-256 of the content.
    sha256       TEXT NOT NULL CHECK (length(sha256) = 64),
    -- Where the content is in the object store; derived from ids only.
    object_key   TEXT NOT NULL UNIQUE,
    created_at   BIGINT NOT NULL,
    UNIQUE (draft_id, seq)
);
