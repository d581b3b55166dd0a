-- Every saved revision of a mapping, so "Apply to what is already posted" can say what a
-- document posted under an earlier revision held (its lines, accounts, class) without reading
-- it back from QuickBooks.
CREATE TABLE account_mapping_revisions (
  tenant_id      text NOT NULL,
  connection_id  bigint NOT NULL,
  revision       integer NOT NULL,
  mapping        jsonb NOT NULL,
  saved_at       timestamptz NOT NULL DEFAULT now(),
  saved_by       text,
  PRIMARY KEY (tenant_id, connection_id, revision),
  FOREIGN KEY (tenant_id, connection_id) REFERENCES account_mappings (tenant_id, connection_id)
);

-- A run that rewrites posted documents after the mapping changed ("Apply to what is already posted").
ALTER TABLE sync_runs DROP CONSTRAINT IF EXISTS sync_runs_trigger_check;
ALTER TABLE sync_runs ADD CONSTRAINT sync_runs_trigger_check CHECK (trigger IN ('schedule', 'manual', 'resync', 'edit', 'remap'));
