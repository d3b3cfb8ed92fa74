-- Supervision metrics (效能监察): rollups per day × region × department ×
-- item × bundle × channel, each case's last contribution to them, and
-- the rollup job's cursor on the outbox (postgres).
-- Counters are BIGINT, one column per tongban_domain::metrics::Counter.

-- Set, in the same transaction as the counters it added, once the
-- rollup job has counted the event's case: the job's cursor. Rows
-- written before this migration start NULL, so they are counted too.
ALTER TABLE outbox ADD COLUMN rolled_up_at BIGINT;
CREATE INDEX outbox_rollup_pending ON outbox (rolled_up_at, id);

-- What each case last added to the rollups (JSON list of [key, counters]).
-- A change of the case adds only the difference to the rollups.
CREATE TABLE metrics_case_facts (
    case_no    TEXT PRIMARY KEY NOT NULL,
    body       TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- day is the local (Beijing) date as YYYY-MM-DD; item is '' on a bundle
-- case's own row, bundle '' for a single-item case.
CREATE TABLE metrics_rollups (
    day        TEXT NOT NULL,
    region     TEXT NOT NULL,
    department TEXT NOT NULL,
    item       TEXT NOT NULL,
    bundle     TEXT NOT NULL,
    channel    TEXT NOT NULL,
    cases_submitted BIGINT NOT NULL DEFAULT 0,
    cases_done BIGINT NOT NULL DEFAULT 0,
    cases_zero_trip BIGINT NOT NULL DEFAULT 0,
    cases_one_trip BIGINT NOT NULL DEFAULT 0,
    bundle_done BIGINT NOT NULL DEFAULT 0,
    saved_steps BIGINT NOT NULL DEFAULT 0,
    saved_materials BIGINT NOT NULL DEFAULT 0,
    saved_fields BIGINT NOT NULL DEFAULT 0,
    saved_days_x100 BIGINT NOT NULL DEFAULT 0,
    saved_trips BIGINT NOT NULL DEFAULT 0,
    items_submitted BIGINT NOT NULL DEFAULT 0,
    items_immediate BIGINT NOT NULL DEFAULT 0,
    items_decided BIGINT NOT NULL DEFAULT 0,
    items_granted BIGINT NOT NULL DEFAULT 0,
    on_time_statutory BIGINT NOT NULL DEFAULT 0,
    on_time_promised BIGINT NOT NULL DEFAULT 0,
    work_days  BIGINT NOT NULL DEFAULT 0,
    promised_days_x100 BIGINT NOT NULL DEFAULT 0,
    statutory_days_x100 BIGINT NOT NULL DEFAULT 0,
    suspended_items BIGINT NOT NULL DEFAULT 0,
    suspended_days BIGINT NOT NULL DEFAULT 0,
    warnings_raised BIGINT NOT NULL DEFAULT 0,
    warnings_red BIGINT NOT NULL DEFAULT 0,
    warnings_resolved BIGINT NOT NULL DEFAULT 0,
    prefilled_fields BIGINT NOT NULL DEFAULT 0,
    exempted_materials BIGINT NOT NULL DEFAULT 0,
    licence_uses BIGINT NOT NULL DEFAULT 0,
    h00        BIGINT NOT NULL DEFAULT 0,
    h01        BIGINT NOT NULL DEFAULT 0,
    h02        BIGINT NOT NULL DEFAULT 0,
    h03        BIGINT NOT NULL DEFAULT 0,
    h04        BIGINT NOT NULL DEFAULT 0,
    h05        BIGINT NOT NULL DEFAULT 0,
    h06        BIGINT NOT NULL DEFAULT 0,
    h07        BIGINT NOT NULL DEFAULT 0,
    h08        BIGINT NOT NULL DEFAULT 0,
    h09        BIGINT NOT NULL DEFAULT 0,
    h10        BIGINT NOT NULL DEFAULT 0,
    h11        BIGINT NOT NULL DEFAULT 0,
    h12        BIGINT NOT NULL DEFAULT 0,
    h13        BIGINT NOT NULL DEFAULT 0,
    h14        BIGINT NOT NULL DEFAULT 0,
    h15        BIGINT NOT NULL DEFAULT 0,
    h16        BIGINT NOT NULL DEFAULT 0,
    h17        BIGINT NOT NULL DEFAULT 0,
    h18        BIGINT NOT NULL DEFAULT 0,
    h19        BIGINT NOT NULL DEFAULT 0,
    h20        BIGINT NOT NULL DEFAULT 0,
    h21        BIGINT NOT NULL DEFAULT 0,
    h22        BIGINT NOT NULL DEFAULT 0,
    h23        BIGINT NOT NULL DEFAULT 0,
    h24        BIGINT NOT NULL DEFAULT 0,
    h25        BIGINT NOT NULL DEFAULT 0,
    h26        BIGINT NOT NULL DEFAULT 0,
    h27        BIGINT NOT NULL DEFAULT 0,
    h28        BIGINT NOT NULL DEFAULT 0,
    h29        BIGINT NOT NULL DEFAULT 0,
    h30        BIGINT NOT NULL DEFAULT 0,
    h40        BIGINT NOT NULL DEFAULT 0,
    h60        BIGINT NOT NULL DEFAULT 0,
    h90        BIGINT NOT NULL DEFAULT 0,
    h180       BIGINT NOT NULL DEFAULT 0,
    hmore      BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (day, region, department, item, bundle, channel)
);
CREATE INDEX metrics_rollups_region ON metrics_rollups (region, day);
CREATE INDEX metrics_rollups_item ON metrics_rollups (item, day);
