-- The accountant's mapping, one per QuickBooks connection (docs/mapping.md): a JSON document the
-- domain's schema checks on every write and read. `revision` rises with each save, so a page
-- that saves an older revision is told someone saved in between.
CREATE TABLE account_mappings (
  tenant_id      text NOT NULL REFERENCES tenants (id),
  connection_id  bigint NOT NULL REFERENCES qbo_connections (id),
  mapping        jsonb NOT NULL,
  revision       integer NOT NULL DEFAULT 1,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  updated_by     text,
  PRIMARY KEY (tenant_id, connection_id)
);

-- The company's own lists (accounts, items, classes, locations, payment methods) as last read
-- from QuickBooks, for the mapping page's pickers and for checking a mapping: read once and
-- kept, because every read is a metered call; "Refresh" reads again.
CREATE TABLE qbo_lists (
  connection_id  bigint NOT NULL REFERENCES qbo_connections (id),
  entity         text NOT NULL,
  rows           jsonb NOT NULL,
  read_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (connection_id, entity)
);
