-- The catalog aggregate (PostgreSQL). One table per entry kind: the code is the
-- primary key, the columns used for filtering sit beside `body`, which holds
-- the entry's serde_json form (the source of truth when loading).
-- References are checked by tongban_domain::validate before anything is
-- written; the deferred foreign keys are a second line of defence.

CREATE TABLE regions (
    code   TEXT PRIMARY KEY NOT NULL,
    name   TEXT NOT NULL,
    parent TEXT REFERENCES regions (code) DEFERRABLE INITIALLY DEFERRED,
    body   TEXT NOT NULL
);

CREATE TABLE departments (
    code   TEXT PRIMARY KEY NOT NULL,
    name   TEXT NOT NULL,
    uscc   TEXT NOT NULL,
    region TEXT NOT NULL REFERENCES regions (code) DEFERRABLE INITIALLY DEFERRED,
    body   TEXT NOT NULL
);
CREATE INDEX departments_region ON departments (region);

CREATE TABLE data_elements (
    code TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    body TEXT NOT NULL
);

CREATE TABLE materials (
    code   TEXT PRIMARY KEY NOT NULL,
    name   TEXT NOT NULL,
    source TEXT NOT NULL,
    body   TEXT NOT NULL
);

CREATE TABLE items (
    code          TEXT PRIMARY KEY NOT NULL,
    name          TEXT NOT NULL,
    kind          TEXT NOT NULL,
    department    TEXT NOT NULL REFERENCES departments (code) DEFERRABLE INITIALLY DEFERRED,
    region        TEXT NOT NULL REFERENCES regions (code) DEFERRABLE INITIALLY DEFERRED,
    level         TEXT NOT NULL,
    parent        TEXT REFERENCES items (code) DEFERRABLE INITIALLY DEFERRED,
    tongban_scope TEXT NOT NULL,
    body          TEXT NOT NULL
);
CREATE INDEX items_department ON items (department);
CREATE INDEX items_region ON items (region);
CREATE INDEX items_kind ON items (kind);
CREATE INDEX items_tongban_scope ON items (tongban_scope);
CREATE INDEX items_parent ON items (parent);

CREATE TABLE bundles (
    code            TEXT PRIMARY KEY NOT NULL,
    name            TEXT NOT NULL,
    theme           TEXT NOT NULL,
    lead_department TEXT NOT NULL REFERENCES departments (code) DEFERRABLE INITIALLY DEFERRED,
    region          TEXT NOT NULL REFERENCES regions (code) DEFERRABLE INITIALLY DEFERRED,
    body            TEXT NOT NULL
);
CREATE INDEX bundles_lead_department ON bundles (lead_department);
CREATE INDEX bundles_region ON bundles (region);

-- A single row: the catalog revision, bumped by every import.
CREATE TABLE catalog_meta (
    id       BIGINT PRIMARY KEY NOT NULL CHECK (id = 1),
    revision BIGINT NOT NULL
);
INSERT INTO catalog_meta (id, revision) VALUES (1, 0);
