-- The deadline scans (warnings, reminders) page through the cases that are not done yet, by
-- case number, every minute on every node. Without this index each page walks the primary key
-- past every closed case: on a million-case database most rows are closed and one page of 100
-- took 1-4 s. A partial index holds only the open cases. The predicate is the exact text the
-- scan sends (crates/store/src/events/warnings.rs checks it), so both planners use it.
CREATE INDEX cases_open ON cases (case_no)
  WHERE state NOT IN ('rejected', 'completed', 'delivered', 'withdrawn', 'terminated', 'revoked');

-- The same-day review reminder (当日件当日评) looks every minute for finished cases changed since
-- a recent moment; without an index on the change time it read every finished case (12 s on a
-- million cases).
CREATE INDEX cases_state_updated ON cases (state, updated_at);
