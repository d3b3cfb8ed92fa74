-- Performance indexes (issue 9, benchmarks). Worklists and case listings
-- filter by region, state or change time and read the oldest first
-- (ORDER BY created_at, case_no LIMIT n): with these indexes the database
-- walks cases in that order, or finds the recently changed ones, instead
-- of sorting every match. Same statements on both backends.

CREATE INDEX cases_created ON cases (created_at, case_no);
CREATE INDEX cases_updated ON cases (updated_at);
CREATE INDEX cases_state_created ON cases (state, created_at, case_no);
-- The state index of 0003 is a prefix of the one above: one index less to
-- keep up on every submission.
DROP INDEX cases_state;
