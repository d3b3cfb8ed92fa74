-- Accounts, sessions, one-time codes and API tokens (SQLite).
-- Timestamps are integer unix seconds (UTC), the same on both backends.
-- Secrets are never stored: sessions, codes and API tokens keep the
-- SHA-256 of the secret (hex), staff passwords an argon2 PHC string.

CREATE TABLE staff_accounts (
    username            TEXT PRIMARY KEY NOT NULL,
    display_name        TEXT NOT NULL,
    password_hash       TEXT NOT NULL,
    department          TEXT NOT NULL,
    region              TEXT NOT NULL,
    -- JSON array of role codes, e.g. ["window_clerk"].
    roles               TEXT NOT NULL,
    -- Wrong passwords counted since first_failed_at (the lockout window).
    failed_attempts     BIGINT NOT NULL DEFAULT 0,
    first_failed_at     BIGINT,
    locked_until        BIGINT,
    created_at          BIGINT NOT NULL,
    password_changed_at BIGINT NOT NULL
);
CREATE INDEX staff_accounts_department ON staff_accounts (department);
CREATE INDEX staff_accounts_region ON staff_accounts (region);

CREATE TABLE applicant_accounts (
    id         TEXT PRIMARY KEY NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('person', 'enterprise')),
    name       TEXT NOT NULL,
    phone      TEXT NOT NULL UNIQUE,
    id_number  TEXT,
    uscc       TEXT,
    created_at BIGINT NOT NULL
);

-- At most one live code per phone: a new request replaces the old one.
CREATE TABLE login_codes (
    phone      TEXT PRIMARY KEY NOT NULL,
    code_hash  TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT,
    -- Wrong codes entered against this code; too many burn it.
    attempts   BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    -- The staff username or the applicant id.
    account_id TEXT NOT NULL,
    actor_kind TEXT NOT NULL CHECK (actor_kind IN ('staff', 'applicant')),
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_account ON sessions (actor_kind, account_id);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

CREATE TABLE api_tokens (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    department TEXT NOT NULL,
    region     TEXT NOT NULL,
    -- JSON array of action codes the token may take.
    scopes     TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);
