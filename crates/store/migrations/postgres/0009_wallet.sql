-- 我的证照: the holder's grants of the use of one e-licence (证照授权 /
-- 证照委托) are consents with three more terms, kept on the consent's own
-- row so a grant is withdrawn, listed and logged exactly like any consent.
-- All NULL for an ordinary (applicant-flow) consent.

-- The compact number of the one licence the grant opens.
ALTER TABLE consents ADD COLUMN licence_number TEXT;
-- Who may use it: the domain `Grantee` as JSON (department or agent).
ALTER TABLE consents ADD COLUMN grantee TEXT;
-- A period grant's window, unix seconds; from inclusive, until exclusive.
ALTER TABLE consents ADD COLUMN valid_from BIGINT;
ALTER TABLE consents ADD COLUMN valid_until BIGINT;
CREATE INDEX consents_licence ON consents (licence_number);

-- Which e-licences a subject holds is the licence store's (`licences`),
-- not a demo table's: the demo's list of held licence types goes.
DROP TABLE held_licences;
