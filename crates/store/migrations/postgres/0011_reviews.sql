-- 好差评 (PostgreSQL): ratings, rectification tasks, their escalations, the
-- same-day reminders, evaluator-device tokens and the staff audit.
-- Timestamps are integer unix seconds (UTC); dates are 'YYYY-MM-DD' text.

-- One row per rating. A re-rating after rectification supersedes the
-- earlier one (superseded_by set); both stay, only the valid one counts.
CREATE TABLE reviews (
    id            TEXT PRIMARY KEY NOT NULL,
    target_kind   TEXT NOT NULL CHECK (target_kind IN ('case', 'window_visit', 'online_service')),
    target        TEXT NOT NULL,
    case_no       TEXT REFERENCES cases (case_no),
    level         TEXT NOT NULL CHECK (level IN ('very_satisfied', 'satisfied',
                      'basically_satisfied', 'dissatisfied', 'very_dissatisfied')),
    tags          TEXT NOT NULL,
    comment       TEXT NOT NULL,
    channel       TEXT NOT NULL CHECK (channel IN ('page', 'api', 'device')),
    rater         TEXT,
    department    TEXT NOT NULL,
    region        TEXT NOT NULL,
    item          TEXT,
    staff         TEXT,
    window_code   TEXT,
    rated_at      BIGINT NOT NULL,
    supersedes    TEXT UNIQUE REFERENCES reviews (id),
    superseded_by TEXT
);
-- A case has at most one valid rating, whatever the number of nodes.
CREATE UNIQUE INDEX reviews_one_valid_per_case ON reviews (case_no)
    WHERE case_no IS NOT NULL AND superseded_by IS NULL;
CREATE INDEX reviews_rater ON reviews (rater, rated_at);
CREATE INDEX reviews_period ON reviews (rated_at, region);

-- One task per bad rating; step is the current step or 'closed', due its
-- due date. body is the domain RectificationTask as JSON.
CREATE TABLE review_rectifications (
    id         TEXT PRIMARY KEY NOT NULL,
    review_id  TEXT NOT NULL UNIQUE REFERENCES reviews (id),
    case_no    TEXT,
    department TEXT NOT NULL,
    region     TEXT NOT NULL,
    step       TEXT NOT NULL CHECK (step IN ('verify', 'rectify', 'revisit', 'closed')),
    due        TEXT,
    version    BIGINT NOT NULL,
    body       TEXT NOT NULL,
    opened_at  BIGINT NOT NULL,
    closed_at  BIGINT
);
CREATE INDEX review_rectifications_department ON review_rectifications (department, step);
CREATE INDEX review_rectifications_due ON review_rectifications (step, due);

-- An overdue step escalated to the supervisors, once per task and step.
CREATE TABLE review_escalations (
    id           TEXT PRIMARY KEY NOT NULL,
    task_id      TEXT NOT NULL REFERENCES review_rectifications (id),
    step         TEXT NOT NULL,
    due          TEXT NOT NULL,
    case_no      TEXT,
    department   TEXT NOT NULL,
    region       TEXT NOT NULL,
    escalated_at BIGINT NOT NULL,
    UNIQUE (task_id, step)
);
CREATE INDEX review_escalations_region ON review_escalations (region, escalated_at);

-- 当日件当日评: one reminder per case.
CREATE TABLE review_reminders (
    case_no     TEXT PRIMARY KEY NOT NULL REFERENCES cases (case_no),
    recipient   TEXT NOT NULL,
    reminded_at BIGINT NOT NULL
);

-- One-time tokens of the window evaluator device (评价器), stored as
-- SHA-256 hashes; used once, within their lifetime.
CREATE TABLE review_device_tokens (
    token_hash  TEXT PRIMARY KEY NOT NULL,
    case_no     TEXT NOT NULL REFERENCES cases (case_no),
    window_code TEXT,
    staff       TEXT NOT NULL,
    issued_at   BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT
);

-- What staff (and the escalation job) did on reviews.
CREATE TABLE review_audit (
    id        TEXT PRIMARY KEY NOT NULL,
    subject   TEXT NOT NULL,
    at        BIGINT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    detail    TEXT NOT NULL
);
CREATE INDEX review_audit_subject ON review_audit (subject, at);
