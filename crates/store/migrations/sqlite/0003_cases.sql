-- Cases (办件), their per-case hash-chained audit trail, the outbox of
-- events, the daily case-number sequences and idempotency keys (SQLite).
-- Timestamps are integer unix seconds (UTC), the same on both backends.
-- JSON is stored as TEXT on both backends, exactly as written.

CREATE TABLE cases (
    case_no         TEXT PRIMARY KEY NOT NULL,
    -- The handling region and the lead department (牵头部门).
    region          TEXT NOT NULL,
    lead_department TEXT NOT NULL,
    -- The applicant account that owns the case (an actor id), if any.
    owner           TEXT,
    -- The applicant's contact phone (for notifications and the public
    -- status lookup by its last four digits); never shown unmasked.
    phone           TEXT,
    channel         TEXT NOT NULL,
    -- CaseState code of the whole case.
    state           TEXT NOT NULL,
    -- Optimistic concurrency: every update must name the version it read.
    version         BIGINT NOT NULL,
    -- The whole domain Case as JSON.
    body            TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX cases_region ON cases (region);
CREATE INDEX cases_lead_department ON cases (lead_department);
CREATE INDEX cases_owner ON cases (owner);
CREATE INDEX cases_state ON cases (state);

-- One row per region and intake day: the last sequence handed out.
CREATE TABLE case_sequences (
    region     TEXT NOT NULL,
    day        TEXT NOT NULL,
    last_value BIGINT NOT NULL,
    PRIMARY KEY (region, day)
);

-- hash = SHA-256(prev_hash + canonical record); prev_hash of seq 1 is
-- 64 zeros. Chained per case.
CREATE TABLE case_audit (
    case_no    TEXT NOT NULL REFERENCES cases (case_no),
    seq        BIGINT NOT NULL,
    at         BIGINT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    from_state TEXT,
    to_state   TEXT,
    detail     TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL,
    PRIMARY KEY (case_no, seq)
);

CREATE TABLE outbox (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    case_no       TEXT NOT NULL REFERENCES cases (case_no),
    event         TEXT NOT NULL CHECK (length(event) > 0),
    payload       TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    dispatched_at BIGINT
);
CREATE INDEX outbox_pending ON outbox (dispatched_at, id);

-- scope: the actor id; request_key: the client's Idempotency-Key;
-- fingerprint: SHA-256 of the request. case_no and result are filled in
-- by the same transaction that claimed the key.
CREATE TABLE idempotency_keys (
    scope       TEXT NOT NULL,
    request_key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    case_no     TEXT,
    result      TEXT,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (scope, request_key)
);
