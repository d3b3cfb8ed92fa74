-- The service-hall queue (政务服务大厅 取号叫号) (PostgreSQL).
-- Timestamps are integer unix seconds (UTC), the same on both backends;
-- days are TEXT YYYY-MM-DD in Beijing time (the hall's business day).

-- Halls (e.g. 连城县政务服务中心), one per code, in a region.
CREATE TABLE halls (
    code       TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL CHECK (length(name) > 0),
    region     TEXT NOT NULL,
    address    TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX halls_region ON halls (region);

-- A hall's windows (窗口). A window with no row in hall_window_serves is a
-- 综合窗口 and serves every number; otherwise it serves the numbers whose
-- item/bundle code or department is listed. `clerk` is the staff actor
-- who opened it (NULL while paused).
CREATE TABLE hall_windows (
    hall       TEXT NOT NULL REFERENCES halls (code),
    code       TEXT NOT NULL,
    name       TEXT NOT NULL CHECK (length(name) > 0),
    state      TEXT NOT NULL CHECK (state IN ('open', 'paused')),
    clerk      TEXT,
    opened_at  BIGINT,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (hall, code),
    CHECK ((state = 'open') = (clerk IS NOT NULL))
);
CREATE INDEX hall_windows_clerk ON hall_windows (clerk);

CREATE TABLE hall_window_serves (
    hall   TEXT NOT NULL,
    window_code TEXT NOT NULL,
    code   TEXT NOT NULL,
    PRIMARY KEY (hall, window_code, code),
    FOREIGN KEY (hall, window_code) REFERENCES hall_windows (hall, code)
);

-- The day's last sequence number of each hall.
CREATE TABLE hall_sequences (
    hall       TEXT NOT NULL REFERENCES halls (code),
    day        TEXT NOT NULL,
    last_value BIGINT NOT NULL,
    PRIMARY KEY (hall, day)
);

-- Numbers (排队号). `service` is the item or bundle asked for (NULL: 综合
-- 业务), `department` the department that handles it; `phone` is kept for
-- the call-back and shown masked only. `window_code` is where it was called.
CREATE TABLE hall_tickets (
    id           TEXT PRIMARY KEY NOT NULL,
    hall         TEXT NOT NULL REFERENCES halls (code),
    day          TEXT NOT NULL,
    seq          BIGINT NOT NULL,
    label        TEXT NOT NULL,
    channel      TEXT NOT NULL CHECK (channel IN ('kiosk', 'online')),
    service      TEXT,
    service_name TEXT,
    department   TEXT,
    phone        TEXT,
    taken_by     TEXT,
    state        TEXT NOT NULL CHECK (state IN ('waiting', 'called', 'served', 'absent')),
    window_code  TEXT,
    called_by    TEXT,
    taken_at     BIGINT NOT NULL,
    called_at    BIGINT,
    finished_at  BIGINT,
    case_no      TEXT,
    UNIQUE (hall, day, seq),
    CHECK ((state = 'waiting') = (called_at IS NULL)),
    CHECK ((state IN ('waiting', 'called')) = (finished_at IS NULL))
);
-- Calling the next number and every snapshot figure read this index.
CREATE INDEX hall_tickets_queue ON hall_tickets (hall, day, state, seq);
CREATE INDEX hall_tickets_window ON hall_tickets (hall, window_code, state);

-- Who changed what, when: halls, windows, opening, taking, calling,
-- serving and absences.
CREATE TABLE hall_audit (
    id     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    hall   TEXT NOT NULL,
    window_code TEXT,
    ticket TEXT,
    action TEXT NOT NULL CHECK (length(action) > 0),
    actor  TEXT NOT NULL,
    at     BIGINT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX hall_audit_hall ON hall_audit (hall, id);
