-- The cube's version: raised in every transaction that changes the cube (a rollup round, a
-- recount, a bulk load, a reset). A node keeps the tables it has summed while the version it
-- read before summing is still the current one, so a dashboard asked again between two rollup
-- rounds is not summed again, and a round on any node makes every node sum afresh.
CREATE TABLE metrics_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO metrics_version (id, version) VALUES (1, 0);
