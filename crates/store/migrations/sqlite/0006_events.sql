-- Deadline warnings raised once, the outbox's claims, in-app
-- notifications, webhook subscriptions and their deliveries (SQLite).
-- Timestamps are integer unix seconds (UTC), the same on both backends.

-- A dispatcher claims an outbox event for a while (a lease) under a
-- random token; only the holder of the live claim may settle it.
ALTER TABLE outbox ADD COLUMN claim_token TEXT;
ALTER TABLE outbox ADD COLUMN claimed_until BIGINT;

-- One row per (case, member, level): the unique key is what makes a
-- warning raised exactly once, however many nodes scan. member is the
-- item code, or '' for the whole case.
CREATE TABLE warnings (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    case_no     TEXT NOT NULL REFERENCES cases (case_no),
    member      TEXT NOT NULL,
    level       TEXT NOT NULL CHECK (level IN ('yellow', 'red')),
    region      TEXT NOT NULL,
    department  TEXT NOT NULL,
    name        TEXT NOT NULL,
    due         TEXT NOT NULL,
    raised_at   BIGINT NOT NULL,
    UNIQUE (case_no, member, level)
);
CREATE INDEX warnings_region ON warnings (region, id);

-- In-app messages (站内消息) to applicants; one per outbox event and
-- recipient.
CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient  TEXT NOT NULL,
    case_no    TEXT NOT NULL REFERENCES cases (case_no),
    outbox_id  BIGINT NOT NULL,
    event      TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    read_at    BIGINT,
    UNIQUE (outbox_id, recipient)
);
CREATE INDEX notifications_recipient ON notifications (recipient, id);

-- A department system's subscription. The secret signs every body
-- (HMAC-SHA256) and so must be kept readable; it is shown once, at
-- creation. events is a JSON array of event codes ("*" for all).
CREATE TABLE webhook_subscriptions (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    department  TEXT NOT NULL,
    region      TEXT NOT NULL,
    url         TEXT NOT NULL,
    secret      TEXT NOT NULL,
    events      TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    disabled_at BIGINT
);
CREATE INDEX webhook_subscriptions_department ON webhook_subscriptions (department);

-- One delivery per subscription and outbox event; status pending →
-- delivered, or dead after the last failed attempt (the dead-letter list).
CREATE TABLE webhook_deliveries (
    id              TEXT PRIMARY KEY NOT NULL,
    subscription_id TEXT NOT NULL REFERENCES webhook_subscriptions (id),
    outbox_id       BIGINT NOT NULL,
    case_no         TEXT NOT NULL,
    event           TEXT NOT NULL,
    body            TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
    attempts        BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    last_status     BIGINT,
    last_error      TEXT,
    claim_token     TEXT,
    claimed_until   BIGINT,
    created_at      BIGINT NOT NULL,
    finished_at     BIGINT,
    UNIQUE (subscription_id, outbox_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
