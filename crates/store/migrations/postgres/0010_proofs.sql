-- E-proof requests (电子证明申请) and their events (PostgreSQL).
-- Timestamps are integer unix seconds (UTC), the same on both backends;
-- dates are TEXT YYYY-MM-DD. An issued request names the licence (the
-- e-proof is a licence of the proof type's document type, in `licences`).

CREATE TABLE proof_requests (
    id                  TEXT PRIMARY KEY NOT NULL,
    proof_type          TEXT NOT NULL,
    -- The issuing department (the type's issuer when requested).
    issuer              TEXT NOT NULL,
    -- The subject the proof is about (一人一档) and the applicant account
    -- that asked (an actor id).
    subject_id          TEXT NOT NULL,
    requester           TEXT NOT NULL,
    purpose             TEXT NOT NULL,
    requested_at        BIGINT NOT NULL,
    due                 TEXT NOT NULL,
    state               TEXT NOT NULL CHECK (state IN ('requested', 'issued', 'refused')),
    licence_number      TEXT UNIQUE,
    refusal_reason      TEXT,
    decided_by          TEXT,
    decided_at          BIGINT,
    -- Set once when the overdue job reported the request late.
    overdue_reported_at BIGINT,
    -- Optimistic concurrency: every write bumps it.
    row_version         BIGINT NOT NULL,
    CHECK ((state = 'issued') = (licence_number IS NOT NULL)),
    CHECK ((state = 'refused') = (refusal_reason IS NOT NULL)),
    CHECK ((state = 'requested') = (decided_at IS NULL))
);
CREATE INDEX proof_requests_requester ON proof_requests (requester, requested_at);
CREATE INDEX proof_requests_worklist ON proof_requests (issuer, state, due);

-- A request's events go to the shared outbox (topic 'proof', aggregate_id the
-- request id; see 0015_outbox_topics.sql).
