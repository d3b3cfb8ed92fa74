-- 诉求 (appeals): 办不成事, 企业吹哨, 12345 work orders, 助企纾困 (PostgreSQL).
-- Timestamps are integer unix seconds (UTC), dates are ISO text
-- (YYYY-MM-DD), JSON is stored as TEXT: the same on both backends.

CREATE TABLE appeals (
    appeal_no        TEXT PRIMARY KEY NOT NULL,
    region           TEXT NOT NULL,
    source           TEXT NOT NULL,
    category         TEXT NOT NULL,
    state            TEXT NOT NULL,
    -- The applicant account that owns it (an actor id), if any.
    owner            TEXT,
    -- The contact phone; never shown unmasked.
    phone            TEXT,
    -- The subject profile (一人一档/一企一档) and identifier (kind:value).
    subject_id       TEXT,
    subject_key      TEXT,
    lead_department  TEXT,
    answer_by        TEXT NOT NULL,
    resolve_by       TEXT NOT NULL,
    escalation_level BIGINT NOT NULL,
    reopened         BIGINT NOT NULL,
    -- source:number of an imported work order: importing it again adds nothing.
    external_key     TEXT UNIQUE,
    -- Optimistic concurrency: every update names the version it read.
    version          BIGINT NOT NULL,
    -- The whole domain Appeal as JSON.
    body             TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL
);
CREATE INDEX appeals_region ON appeals (region);
CREATE INDEX appeals_owner ON appeals (owner);
CREATE INDEX appeals_subject_id ON appeals (subject_id);
CREATE INDEX appeals_subject_key ON appeals (subject_key);
CREATE INDEX appeals_state ON appeals (state);

-- The departments an appeal is dispatched to (the department worklist).
CREATE TABLE appeal_departments (
    appeal_no  TEXT NOT NULL REFERENCES appeals (appeal_no),
    department TEXT NOT NULL,
    is_lead    BIGINT NOT NULL,
    PRIMARY KEY (appeal_no, department)
);
CREATE INDEX appeal_departments_department ON appeal_departments (department);

-- One row per filing day: the last appeal-number sequence handed out.
CREATE TABLE appeal_sequences (
    day        TEXT PRIMARY KEY NOT NULL,
    last_value BIGINT NOT NULL
);

-- What happened to each appeal, oldest first; only ever appended to.
CREATE TABLE appeal_history (
    appeal_no  TEXT NOT NULL REFERENCES appeals (appeal_no),
    seq        BIGINT NOT NULL,
    at         BIGINT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    from_state TEXT,
    to_state   TEXT,
    detail     TEXT NOT NULL,
    PRIMARY KEY (appeal_no, seq)
);

-- One row per (appeal, round, level): the key makes an escalation raised
-- once however many nodes run the job. round is the reopened count.
CREATE TABLE appeal_escalations (
    appeal_no TEXT NOT NULL REFERENCES appeals (appeal_no),
    round     BIGINT NOT NULL,
    level     BIGINT NOT NULL,
    due       TEXT NOT NULL,
    raised_at BIGINT NOT NULL,
    PRIMARY KEY (appeal_no, round, level)
);

-- Dispatch rules and limits per category (CategoryRule as JSON).
CREATE TABLE appeal_rules (
    category   TEXT PRIMARY KEY NOT NULL,
    body       TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Saved import mappings (ImportMapping as JSON).
CREATE TABLE appeal_import_mappings (
    name       TEXT PRIMARY KEY NOT NULL,
    body       TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- An appeal's events go to the shared outbox (topic 'appeal', aggregate_id
-- the appeal number; see 0015_outbox_topics.sql).
