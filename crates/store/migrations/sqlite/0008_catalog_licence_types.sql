-- Licence types (证照目录) and proof types (证明事项目录) become catalog
-- sections (SQLite): stored like every catalog entry, the code as primary
-- key, filter columns beside `body` (the entry's serde_json form, the
-- source of truth when loading). References (issuer department, issuing,
-- updating and cancelling items, material) are checked by
-- tongban_domain::validate before anything is written.
-- The older `licence_types` table of 0007 is no longer read or written.

CREATE TABLE catalog_licence_types (
    code        TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    issuer      TEXT NOT NULL REFERENCES departments (code) DEFERRABLE INITIALLY DEFERRED,
    holder_kind TEXT NOT NULL,
    body        TEXT NOT NULL
);
CREATE INDEX catalog_licence_types_issuer ON catalog_licence_types (issuer);

CREATE TABLE catalog_proofs (
    code        TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    issuer      TEXT NOT NULL REFERENCES departments (code) DEFERRABLE INITIALLY DEFERRED,
    holder_kind TEXT NOT NULL,
    body        TEXT NOT NULL
);
CREATE INDEX catalog_proofs_issuer ON catalog_proofs (issuer);
