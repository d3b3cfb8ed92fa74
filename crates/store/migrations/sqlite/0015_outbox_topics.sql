-- One outbox for every aggregate (SQLite): an event concerns a case, an
-- appeal (诉求), a proof request (证明申请), a licence … named by topic.
-- Case events keep case_no (the foreign key to cases) and leave
-- aggregate_id NULL; every other event has case_no NULL and names its
-- aggregate in aggregate_id (appeal number, proof request id, licence
-- number). In-app notifications and webhook deliveries follow suit.
-- SQLite cannot drop a NOT NULL: each table is rebuilt with every column
-- it has (0003, 0006, 0014), its rows copied, its indexes recreated.
-- Nothing references these three tables by foreign key.

CREATE TABLE outbox_new (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    case_no       TEXT REFERENCES cases (case_no),
    topic         TEXT NOT NULL DEFAULT 'case' CHECK (length(topic) > 0),
    aggregate_id  TEXT,
    event         TEXT NOT NULL CHECK (length(event) > 0),
    payload       TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    dispatched_at BIGINT,
    claim_token   TEXT,
    claimed_until BIGINT,
    rolled_up_at  BIGINT,
    CHECK ((topic = 'case' AND case_no IS NOT NULL)
        OR (topic <> 'case' AND case_no IS NULL AND aggregate_id IS NOT NULL))
);
INSERT INTO outbox_new (id, case_no, topic, aggregate_id, event, payload, created_at,
    dispatched_at, claim_token, claimed_until, rolled_up_at)
SELECT id, case_no, 'case', NULL, event, payload, created_at,
    dispatched_at, claim_token, claimed_until, rolled_up_at
FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_pending ON outbox (dispatched_at, id);
CREATE INDEX outbox_rollup_pending ON outbox (rolled_up_at, id);
CREATE INDEX outbox_aggregate ON outbox (topic, aggregate_id, id);

CREATE TABLE notifications_new (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient    TEXT NOT NULL,
    case_no      TEXT REFERENCES cases (case_no),
    topic        TEXT NOT NULL DEFAULT 'case',
    aggregate_id TEXT,
    outbox_id    BIGINT NOT NULL,
    event        TEXT NOT NULL,
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    read_at      BIGINT,
    UNIQUE (outbox_id, recipient)
);
INSERT INTO notifications_new (id, recipient, case_no, topic, aggregate_id, outbox_id, event,
    title, body, created_at, read_at)
SELECT id, recipient, case_no, 'case', NULL, outbox_id, event, title, body, created_at, read_at
FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE INDEX notifications_recipient ON notifications (recipient, id);

CREATE TABLE webhook_deliveries_new (
    id              TEXT PRIMARY KEY NOT NULL,
    subscription_id TEXT NOT NULL REFERENCES webhook_subscriptions (id),
    outbox_id       BIGINT NOT NULL,
    case_no         TEXT,
    topic           TEXT NOT NULL DEFAULT 'case',
    aggregate_id    TEXT,
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
INSERT INTO webhook_deliveries_new (id, subscription_id, outbox_id, case_no, topic,
    aggregate_id, event, body, status, attempts, next_attempt_at, last_status, last_error,
    claim_token, claimed_until, created_at, finished_at)
SELECT id, subscription_id, outbox_id, case_no, 'case', NULL, event, body, status, attempts,
    next_attempt_at, last_status, last_error, claim_token, claimed_until, created_at, finished_at
FROM webhook_deliveries;
DROP TABLE webhook_deliveries;
ALTER TABLE webhook_deliveries_new RENAME TO webhook_deliveries;
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
