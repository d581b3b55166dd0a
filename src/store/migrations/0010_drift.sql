-- Drift (issue 16): noticing that a document we posted was edited, voided or deleted in
-- QuickBooks, from its webhooks and a daily Change Data Capture read.

-- A value added to a CHECK (col IN (...)) constraint, keeping whatever other migrations put
-- there: the constraint is rebuilt from its own definition rather than from a list written
-- here, so migrations of other work that add values of their own are not undone.
CREATE OR REPLACE FUNCTION tillbooks_allow_value(tbl text, con text, val text) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE def text;
BEGIN
  SELECT pg_get_constraintdef(c.oid) INTO def FROM pg_constraint c
    WHERE c.conname = con AND c.conrelid = to_regclass(tbl);
  IF def IS NULL THEN RAISE EXCEPTION 'no constraint % on %', con, tbl; END IF;
  IF position(quote_literal(val) IN def) > 0 THEN RETURN; END IF;
  EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', tbl, con);
  EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', tbl, con,
    replace(def, 'ARRAY[', 'ARRAY[' || quote_literal(val) || '::text, '));
END
$fn$;

-- A posted ticket whose documents someone changed in QuickBooks waits for the user's choice.
SELECT tillbooks_allow_value('tickets', 'tickets_sync_state_check', 'changed-in-qbo');
-- drift: the changes webhooks announced; cdc: the daily Change Data Capture read, then those.
SELECT tillbooks_allow_value('sync_runs', 'sync_runs_trigger_check', 'drift');
SELECT tillbooks_allow_value('sync_runs', 'sync_runs_trigger_check', 'cdc');
DROP FUNCTION tillbooks_allow_value(text, text, text);

-- Changes QuickBooks told us of (a webhook event, or a CDC row), per connection, until a drift
-- run has looked at them. The key makes a duplicate delivery harmless: a webhook event's id, or
-- for CDC the entity, id and its LastUpdatedTime.
CREATE TABLE qbo_changes (
  id             bigserial PRIMARY KEY,
  connection_id  bigint NOT NULL REFERENCES qbo_connections (id),
  change_key     text NOT NULL,
  entity         text NOT NULL,
  entity_id      text NOT NULL,
  -- As QuickBooks named it (created, updated, deleted, voided…); the document is read anyway.
  operation      text NOT NULL,
  source         text NOT NULL CHECK (source IN ('webhook', 'cdc')),
  occurred_at    timestamptz,
  received_at    timestamptz NOT NULL DEFAULT now(),
  done_at        timestamptz,
  UNIQUE (connection_id, change_key)
);
CREATE INDEX qbo_changes_waiting ON qbo_changes (connection_id, id) WHERE done_at IS NULL;

-- The daily CDC read per connection: changes since `changed_since` (QuickBooks' time of the
-- last read), and when the next read is due.
CREATE TABLE qbo_cdc_cursors (
  connection_id  bigint PRIMARY KEY REFERENCES qbo_connections (id),
  changed_since  timestamptz NOT NULL,
  next_due_at    timestamptz NOT NULL,
  last_read_at   timestamptz
);

-- What changed in QuickBooks for a ticket: one row per document and change noticed, until the
-- user reposts the ticket or accepts it as it is.
CREATE TABLE ticket_drift (
  id              bigserial PRIMARY KEY,
  tenant_id       text NOT NULL,
  location_id     text NOT NULL,
  ticket_id       text NOT NULL,
  entity          text NOT NULL,
  doc_id          text NOT NULL,
  change          text NOT NULL CHECK (change IN ('edited', 'voided', 'deleted')),
  -- The document's SyncToken in QuickBooks when noticed (null when deleted).
  qbo_sync_token  text,
  source          text NOT NULL CHECK (source IN ('webhook', 'cdc')),
  noticed_at      timestamptz NOT NULL DEFAULT now(),
  resolved_at     timestamptz,
  resolution      text CHECK (resolution IN ('repost', 'accept')),
  FOREIGN KEY (tenant_id, location_id, ticket_id) REFERENCES tickets (tenant_id, location_id, ticket_id)
);
CREATE INDEX ticket_drift_open ON ticket_drift (tenant_id, location_id, ticket_id) WHERE resolved_at IS NULL;

-- A change is matched to its ticket by the document's id in the facts.
CREATE INDEX tickets_invoice_id ON tickets ((qbo_docs -> 'invoice' ->> 'id')) WHERE qbo_docs -> 'invoice' ->> 'id' IS NOT NULL;
CREATE INDEX tickets_refund_id ON tickets ((qbo_docs -> 'refundReceipt' ->> 'id')) WHERE qbo_docs -> 'refundReceipt' ->> 'id' IS NOT NULL;
