-- 异议核实与纠错: holders' objections to a licence field, verified by the
-- issuing department within a deadline of working days.
-- Timestamps are integer unix seconds (UTC); dates are `YYYY-MM-DD` text
-- (they sort as dates). JSON is stored as TEXT, exactly as written.

CREATE TABLE licence_objections (
    id             TEXT PRIMARY KEY NOT NULL,
    -- The compact licence number.
    licence_number TEXT NOT NULL REFERENCES licences (number),
    -- The data element objected to.
    field          TEXT NOT NULL,
    -- The issuing department, which verifies it.
    department     TEXT NOT NULL,
    -- The holder's subject.
    holder_subject TEXT NOT NULL,
    state          TEXT NOT NULL
        CHECK (state IN ('open', 'accepted', 'rejected', 'corrected')),
    -- The last day of the verification deadline.
    due_on         TEXT NOT NULL,
    -- The case whose grant issued the licence (its outbox carries the
    -- objection's events); NULL for a licence issued otherwise.
    case_no        TEXT REFERENCES cases (case_no),
    -- The whole objection as JSON (domain `Objection`).
    body           TEXT NOT NULL,
    -- Optimistic concurrency: every write bumps it.
    row_version    BIGINT NOT NULL,
    -- When the overdue job first found it overdue (reported once).
    overdue_at     BIGINT,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);

-- One pending (open or accepted) objection per licence field at a time.
CREATE UNIQUE INDEX licence_objections_one_pending
    ON licence_objections (licence_number, field)
    WHERE state IN ('open', 'accepted');
-- The department's worklist, by due date.
CREATE INDEX licence_objections_department ON licence_objections (department, state, due_on);
CREATE INDEX licence_objections_holder ON licence_objections (holder_subject, created_at);
