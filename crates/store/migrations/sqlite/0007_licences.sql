-- E-licences (电子证照): licence types, department seals, issued licences
-- with their signatures, and each licence's history.
-- Timestamps are integer unix seconds (UTC), the same on both backends.
-- JSON is stored as TEXT on both backends, exactly as written.

-- Licence types (证照类型), kept whole as JSON until the catalog carries them.
CREATE TABLE licence_types (
    code       TEXT PRIMARY KEY NOT NULL,
    issuer     TEXT NOT NULL,
    body       TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- One seal (电子印章) per department. The private key is SM4-GCM
-- encrypted under the configuration key (`sm4-gcm:v1:…`); never in clear.
CREATE TABLE department_seals (
    department    TEXT PRIMARY KEY NOT NULL,
    public_key    TEXT NOT NULL,
    encrypted_key TEXT NOT NULL CHECK (encrypted_key LIKE 'sm4-gcm:%'),
    created_at    BIGINT NOT NULL
);

-- The yearly sequence behind licence numbers, per region and type tag.
CREATE TABLE licence_sequences (
    region TEXT NOT NULL,
    tag    TEXT NOT NULL,
    year   BIGINT NOT NULL,
    last   BIGINT NOT NULL,
    PRIMARY KEY (region, tag, year)
);

CREATE TABLE licences (
    -- The compact licence number.
    number          TEXT PRIMARY KEY NOT NULL,
    type_code       TEXT NOT NULL,
    -- The holder's subject id (一人一档 / 一企一档).
    holder_subject  TEXT NOT NULL,
    issuer          TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('valid', 'revoked')),
    -- The whole licence as JSON (domain `Licence`).
    body            TEXT NOT NULL,
    -- Base64 of the DER SM2 signature over the canonical bytes.
    signature       TEXT NOT NULL,
    -- The signed content's version.
    version         BIGINT NOT NULL,
    -- Optimistic concurrency of the row: every write bumps it.
    row_version     BIGINT NOT NULL,
    -- The case and member item whose grant issued it, if any.
    case_no         TEXT,
    item            TEXT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    UNIQUE (case_no, item)
);
CREATE INDEX licences_holder ON licences (holder_subject);

-- What happened to each licence, oldest first (a copy of the body's
-- history, one row per revision, never rewritten).
CREATE TABLE licence_history (
    number   TEXT NOT NULL REFERENCES licences (number),
    seq      BIGINT NOT NULL,
    version  BIGINT NOT NULL,
    event    TEXT NOT NULL,
    happened TEXT NOT NULL,
    body     TEXT NOT NULL,
    PRIMARY KEY (number, seq)
);
