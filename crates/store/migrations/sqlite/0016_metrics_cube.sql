-- Supervision metrics, part 2 (sqlite): satisfaction and appeal counters,
-- and the rollup cube — the same counters kept at two time grains (day,
-- month) and two levels of detail (item: day × region × department ×
-- item × bundle × channel; region: region × channel), all written by the
-- rollup job in the transaction that counts a case or an appeal, so a
-- dashboard sums whole months from month rows, only the partial edge
-- months from day rows, and province-wide figures from region rows
-- (docs/metrics.md, "Scale").

-- What each appeal last added to the rollups (JSON list of [key, counters]).
CREATE TABLE metrics_appeal_facts (
    appeal_no  TEXT PRIMARY KEY NOT NULL,
    body       TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- grain: 'day' or 'month'; day: the period's first day (YYYY-MM-DD).
-- level: 'item' (every key column set) or 'region' (department, item and
-- bundle are '').
CREATE TABLE metrics_cube (
    level      TEXT NOT NULL CHECK (level IN ('item', 'region')),
    grain      TEXT NOT NULL CHECK (grain IN ('day', 'month')),
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
    work_days BIGINT NOT NULL DEFAULT 0,
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
    h00 BIGINT NOT NULL DEFAULT 0,
    h01 BIGINT NOT NULL DEFAULT 0,
    h02 BIGINT NOT NULL DEFAULT 0,
    h03 BIGINT NOT NULL DEFAULT 0,
    h04 BIGINT NOT NULL DEFAULT 0,
    h05 BIGINT NOT NULL DEFAULT 0,
    h06 BIGINT NOT NULL DEFAULT 0,
    h07 BIGINT NOT NULL DEFAULT 0,
    h08 BIGINT NOT NULL DEFAULT 0,
    h09 BIGINT NOT NULL DEFAULT 0,
    h10 BIGINT NOT NULL DEFAULT 0,
    h11 BIGINT NOT NULL DEFAULT 0,
    h12 BIGINT NOT NULL DEFAULT 0,
    h13 BIGINT NOT NULL DEFAULT 0,
    h14 BIGINT NOT NULL DEFAULT 0,
    h15 BIGINT NOT NULL DEFAULT 0,
    h16 BIGINT NOT NULL DEFAULT 0,
    h17 BIGINT NOT NULL DEFAULT 0,
    h18 BIGINT NOT NULL DEFAULT 0,
    h19 BIGINT NOT NULL DEFAULT 0,
    h20 BIGINT NOT NULL DEFAULT 0,
    h21 BIGINT NOT NULL DEFAULT 0,
    h22 BIGINT NOT NULL DEFAULT 0,
    h23 BIGINT NOT NULL DEFAULT 0,
    h24 BIGINT NOT NULL DEFAULT 0,
    h25 BIGINT NOT NULL DEFAULT 0,
    h26 BIGINT NOT NULL DEFAULT 0,
    h27 BIGINT NOT NULL DEFAULT 0,
    h28 BIGINT NOT NULL DEFAULT 0,
    h29 BIGINT NOT NULL DEFAULT 0,
    h30 BIGINT NOT NULL DEFAULT 0,
    h40 BIGINT NOT NULL DEFAULT 0,
    h60 BIGINT NOT NULL DEFAULT 0,
    h90 BIGINT NOT NULL DEFAULT 0,
    h180 BIGINT NOT NULL DEFAULT 0,
    hmore BIGINT NOT NULL DEFAULT 0,
    ratings BIGINT NOT NULL DEFAULT 0,
    ratings_good BIGINT NOT NULL DEFAULT 0,
    appeals_closed BIGINT NOT NULL DEFAULT 0,
    appeals_closed_on_time BIGINT NOT NULL DEFAULT 0,
    appeals_reopened BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (level, grain, day, region, department, item, bundle, channel)
);

-- The counts so far, at every grain and level.
INSERT INTO metrics_cube (level, grain, day, region, department, item, bundle, channel, cases_submitted, cases_done, cases_zero_trip, cases_one_trip, bundle_done, saved_steps, saved_materials, saved_fields, saved_days_x100, saved_trips, items_submitted, items_immediate, items_decided, items_granted, on_time_statutory, on_time_promised, work_days, promised_days_x100, statutory_days_x100, suspended_items, suspended_days, warnings_raised, warnings_red, warnings_resolved, prefilled_fields, exempted_materials, licence_uses, h00, h01, h02, h03, h04, h05, h06, h07, h08, h09, h10, h11, h12, h13, h14, h15, h16, h17, h18, h19, h20, h21, h22, h23, h24, h25, h26, h27, h28, h29, h30, h40, h60, h90, h180, hmore)
SELECT 'item', 'day', day, region, department, item, bundle, channel, cases_submitted, cases_done, cases_zero_trip, cases_one_trip, bundle_done, saved_steps, saved_materials, saved_fields, saved_days_x100, saved_trips, items_submitted, items_immediate, items_decided, items_granted, on_time_statutory, on_time_promised, work_days, promised_days_x100, statutory_days_x100, suspended_items, suspended_days, warnings_raised, warnings_red, warnings_resolved, prefilled_fields, exempted_materials, licence_uses, h00, h01, h02, h03, h04, h05, h06, h07, h08, h09, h10, h11, h12, h13, h14, h15, h16, h17, h18, h19, h20, h21, h22, h23, h24, h25, h26, h27, h28, h29, h30, h40, h60, h90, h180, hmore
FROM metrics_rollups;
INSERT INTO metrics_cube (level, grain, day, region, department, item, bundle, channel, cases_submitted, cases_done, cases_zero_trip, cases_one_trip, bundle_done, saved_steps, saved_materials, saved_fields, saved_days_x100, saved_trips, items_submitted, items_immediate, items_decided, items_granted, on_time_statutory, on_time_promised, work_days, promised_days_x100, statutory_days_x100, suspended_items, suspended_days, warnings_raised, warnings_red, warnings_resolved, prefilled_fields, exempted_materials, licence_uses, h00, h01, h02, h03, h04, h05, h06, h07, h08, h09, h10, h11, h12, h13, h14, h15, h16, h17, h18, h19, h20, h21, h22, h23, h24, h25, h26, h27, h28, h29, h30, h40, h60, h90, h180, hmore)
SELECT 'item', 'month', substr(day, 1, 8) || '01', region, department, item, bundle, channel, SUM(cases_submitted), SUM(cases_done), SUM(cases_zero_trip), SUM(cases_one_trip), SUM(bundle_done), SUM(saved_steps), SUM(saved_materials), SUM(saved_fields), SUM(saved_days_x100), SUM(saved_trips), SUM(items_submitted), SUM(items_immediate), SUM(items_decided), SUM(items_granted), SUM(on_time_statutory), SUM(on_time_promised), SUM(work_days), SUM(promised_days_x100), SUM(statutory_days_x100), SUM(suspended_items), SUM(suspended_days), SUM(warnings_raised), SUM(warnings_red), SUM(warnings_resolved), SUM(prefilled_fields), SUM(exempted_materials), SUM(licence_uses), SUM(h00), SUM(h01), SUM(h02), SUM(h03), SUM(h04), SUM(h05), SUM(h06), SUM(h07), SUM(h08), SUM(h09), SUM(h10), SUM(h11), SUM(h12), SUM(h13), SUM(h14), SUM(h15), SUM(h16), SUM(h17), SUM(h18), SUM(h19), SUM(h20), SUM(h21), SUM(h22), SUM(h23), SUM(h24), SUM(h25), SUM(h26), SUM(h27), SUM(h28), SUM(h29), SUM(h30), SUM(h40), SUM(h60), SUM(h90), SUM(h180), SUM(hmore)
FROM metrics_rollups GROUP BY substr(day, 1, 8) || '01', region, department, item, bundle, channel;
INSERT INTO metrics_cube (level, grain, day, region, department, item, bundle, channel, cases_submitted, cases_done, cases_zero_trip, cases_one_trip, bundle_done, saved_steps, saved_materials, saved_fields, saved_days_x100, saved_trips, items_submitted, items_immediate, items_decided, items_granted, on_time_statutory, on_time_promised, work_days, promised_days_x100, statutory_days_x100, suspended_items, suspended_days, warnings_raised, warnings_red, warnings_resolved, prefilled_fields, exempted_materials, licence_uses, h00, h01, h02, h03, h04, h05, h06, h07, h08, h09, h10, h11, h12, h13, h14, h15, h16, h17, h18, h19, h20, h21, h22, h23, h24, h25, h26, h27, h28, h29, h30, h40, h60, h90, h180, hmore)
SELECT 'region', 'day', day, region, '', '', '', channel, SUM(cases_submitted), SUM(cases_done), SUM(cases_zero_trip), SUM(cases_one_trip), SUM(bundle_done), SUM(saved_steps), SUM(saved_materials), SUM(saved_fields), SUM(saved_days_x100), SUM(saved_trips), SUM(items_submitted), SUM(items_immediate), SUM(items_decided), SUM(items_granted), SUM(on_time_statutory), SUM(on_time_promised), SUM(work_days), SUM(promised_days_x100), SUM(statutory_days_x100), SUM(suspended_items), SUM(suspended_days), SUM(warnings_raised), SUM(warnings_red), SUM(warnings_resolved), SUM(prefilled_fields), SUM(exempted_materials), SUM(licence_uses), SUM(h00), SUM(h01), SUM(h02), SUM(h03), SUM(h04), SUM(h05), SUM(h06), SUM(h07), SUM(h08), SUM(h09), SUM(h10), SUM(h11), SUM(h12), SUM(h13), SUM(h14), SUM(h15), SUM(h16), SUM(h17), SUM(h18), SUM(h19), SUM(h20), SUM(h21), SUM(h22), SUM(h23), SUM(h24), SUM(h25), SUM(h26), SUM(h27), SUM(h28), SUM(h29), SUM(h30), SUM(h40), SUM(h60), SUM(h90), SUM(h180), SUM(hmore)
FROM metrics_rollups GROUP BY day, region, channel;
INSERT INTO metrics_cube (level, grain, day, region, department, item, bundle, channel, cases_submitted, cases_done, cases_zero_trip, cases_one_trip, bundle_done, saved_steps, saved_materials, saved_fields, saved_days_x100, saved_trips, items_submitted, items_immediate, items_decided, items_granted, on_time_statutory, on_time_promised, work_days, promised_days_x100, statutory_days_x100, suspended_items, suspended_days, warnings_raised, warnings_red, warnings_resolved, prefilled_fields, exempted_materials, licence_uses, h00, h01, h02, h03, h04, h05, h06, h07, h08, h09, h10, h11, h12, h13, h14, h15, h16, h17, h18, h19, h20, h21, h22, h23, h24, h25, h26, h27, h28, h29, h30, h40, h60, h90, h180, hmore)
SELECT 'region', 'month', substr(day, 1, 8) || '01', region, '', '', '', channel, SUM(cases_submitted), SUM(cases_done), SUM(cases_zero_trip), SUM(cases_one_trip), SUM(bundle_done), SUM(saved_steps), SUM(saved_materials), SUM(saved_fields), SUM(saved_days_x100), SUM(saved_trips), SUM(items_submitted), SUM(items_immediate), SUM(items_decided), SUM(items_granted), SUM(on_time_statutory), SUM(on_time_promised), SUM(work_days), SUM(promised_days_x100), SUM(statutory_days_x100), SUM(suspended_items), SUM(suspended_days), SUM(warnings_raised), SUM(warnings_red), SUM(warnings_resolved), SUM(prefilled_fields), SUM(exempted_materials), SUM(licence_uses), SUM(h00), SUM(h01), SUM(h02), SUM(h03), SUM(h04), SUM(h05), SUM(h06), SUM(h07), SUM(h08), SUM(h09), SUM(h10), SUM(h11), SUM(h12), SUM(h13), SUM(h14), SUM(h15), SUM(h16), SUM(h17), SUM(h18), SUM(h19), SUM(h20), SUM(h21), SUM(h22), SUM(h23), SUM(h24), SUM(h25), SUM(h26), SUM(h27), SUM(h28), SUM(h29), SUM(h30), SUM(h40), SUM(h60), SUM(h90), SUM(h180), SUM(hmore)
FROM metrics_rollups GROUP BY substr(day, 1, 8) || '01', region, channel;
DROP TABLE metrics_rollups;

-- A region subtree over a period (the province, a county); it also
-- covers ranking the items of a subtree by submissions (top items) without
-- reading the wide rows. One item's or one department's rows.
CREATE INDEX metrics_cube_region ON metrics_cube (level, grain, region, day, item, items_submitted);
CREATE INDEX metrics_cube_item ON metrics_cube (item, level, grain, day);
CREATE INDEX metrics_cube_department ON metrics_cube (department, level, grain, day);
