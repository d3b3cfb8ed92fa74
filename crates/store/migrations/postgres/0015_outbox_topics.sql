-- One outbox for every aggregate (PostgreSQL): an event concerns a case,
-- an appeal (诉求), a proof request (证明申请), a licence … named by
-- topic. Case events keep case_no (the foreign key to cases) and leave
-- aggregate_id NULL; every other event has case_no NULL and names its
-- aggregate in aggregate_id (appeal number, proof request id, licence
-- number). In-app notifications and webhook deliveries follow suit.

ALTER TABLE outbox ALTER COLUMN case_no DROP NOT NULL;
ALTER TABLE outbox ADD COLUMN topic TEXT NOT NULL DEFAULT 'case' CHECK (length(topic) > 0);
ALTER TABLE outbox ADD COLUMN aggregate_id TEXT;
ALTER TABLE outbox ADD CONSTRAINT outbox_topic_aggregate CHECK (
    (topic = 'case' AND case_no IS NOT NULL)
    OR (topic <> 'case' AND case_no IS NULL AND aggregate_id IS NOT NULL));
CREATE INDEX outbox_aggregate ON outbox (topic, aggregate_id, id);

ALTER TABLE notifications ALTER COLUMN case_no DROP NOT NULL;
ALTER TABLE notifications ADD COLUMN topic TEXT NOT NULL DEFAULT 'case';
ALTER TABLE notifications ADD COLUMN aggregate_id TEXT;

ALTER TABLE webhook_deliveries ALTER COLUMN case_no DROP NOT NULL;
ALTER TABLE webhook_deliveries ADD COLUMN topic TEXT NOT NULL DEFAULT 'case';
ALTER TABLE webhook_deliveries ADD COLUMN aggregate_id TEXT;
