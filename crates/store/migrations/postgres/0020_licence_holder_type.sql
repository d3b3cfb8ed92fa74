-- A decision that issues, changes or cancels a licence looks up the holder's newest licence of
-- that type that is not revoked. It used to read every licence the holder ever had and decode
-- each; an enterprise holding thousands made every decision slower. This index answers the
-- lookup from the holder, type and age alone.
CREATE INDEX licences_holder_type ON licences (holder_subject, type_code, created_at);
