//! Test support: a throw-away PostgreSQL cluster (initdb/pg_ctl) and temporary SQLite files.
