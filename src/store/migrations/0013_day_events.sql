-- The history of each summary day (issues 14 and 16): what every settlement, undo, resync and
-- repost did to it, as sync_events records it for tickets. Written by the statement that moves
-- the day, so a day never changes without its event.
CREATE TABLE day_events (
  id             bigserial PRIMARY KEY,
  tenant_id      text NOT NULL,
  location_id    text NOT NULL,
  business_date  date NOT NULL,
  run_id         bigint,
  -- The revision QuickBooks holds after the event ("posted r2").
  revision       integer NOT NULL DEFAULT 0,
  at             timestamptz NOT NULL DEFAULT now(),
  -- posted, skipped, changed-in-qbo, out-of-date, ready (retried), undone, withheld, resync, repost
  kind           text NOT NULL,
  -- The run's outcome, the documents' QuickBooks ids, the reason (skipped, changed), who asked (resync, repost).
  detail         jsonb,
  FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX day_events_day ON day_events (tenant_id, location_id, business_date, id);
