-- Issue 16: undo a range, repost, and the audit log of destructive actions.

-- "Not to be posted" (withheld): a ticket whose documents an undo voided or deleted and which the
-- user keeps out of QuickBooks. The state is added to whatever list the check holds by now (other
-- work adds states of its own in its migrations), rather than restating the list.
DO $$
DECLARE def text;
BEGIN
  SELECT pg_get_constraintdef(c.oid) INTO def FROM pg_constraint c
   WHERE c.conrelid = 'tickets'::regclass AND c.conname = 'tickets_sync_state_check';
  IF def IS NOT NULL AND position('withheld' IN def) = 0 THEN
    ALTER TABLE tickets DROP CONSTRAINT tickets_sync_state_check;
    EXECUTE 'ALTER TABLE tickets ADD CONSTRAINT tickets_sync_state_check '
      || replace(def, '''void''::text', '''void''::text, ''withheld''::text');
  END IF;
END $$;

-- Undo and repost are runs of the company's queue: one at a time per company with every other
-- run, continued by a new run when their worker dies.
DO $$
DECLARE def text;
BEGIN
  SELECT pg_get_constraintdef(c.oid) INTO def FROM pg_constraint c
   WHERE c.conrelid = 'sync_runs'::regclass AND c.conname = 'sync_runs_trigger_check';
  IF def IS NOT NULL AND position('undo' IN def) = 0 THEN
    ALTER TABLE sync_runs DROP CONSTRAINT sync_runs_trigger_check;
    EXECUTE 'ALTER TABLE sync_runs ADD CONSTRAINT sync_runs_trigger_check '
      || replace(def, '''remap''::text', '''remap''::text, ''undo''::text, ''repost''::text');
  END IF;
END $$;

-- One undo of a range: what it covers, what the user chose, and how far it got. The run that
-- works it finds it by its company (at most one open undo per company); a continuation of a
-- dead run finds the same row and resumes from the tickets' facts.
CREATE TABLE undo_jobs (
  id              bigserial PRIMARY KEY,
  tenant_id       text NOT NULL REFERENCES tenants (id),
  connection_id   bigint NOT NULL REFERENCES qbo_connections (id),
  location_ids    jsonb NOT NULL,
  date_from       date NOT NULL,
  date_to         date NOT NULL,
  -- 'pending': the tickets wait to be posted again; 'withheld': not to be posted.
  mode            text NOT NULL CHECK (mode IN ('pending', 'withheld')),
  status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'finished', 'failed')),
  requested_by    text NOT NULL,
  documents_planned integer NOT NULL DEFAULT 0,
  documents_done  integer NOT NULL DEFAULT 0,
  tickets_done    integer NOT NULL DEFAULT 0,
  error           text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz
);
CREATE UNIQUE INDEX undo_jobs_one_open_per_connection ON undo_jobs (connection_id) WHERE status = 'open';

-- Every destructive action: who, when, what, how many documents.
CREATE TABLE audit_log (
  id          bigserial PRIMARY KEY,
  tenant_id   text NOT NULL REFERENCES tenants (id),
  at          timestamptz NOT NULL DEFAULT now(),
  actor       text NOT NULL,
  -- 'session' (the back office), 'api-key', 'cli'
  via         text NOT NULL,
  action      text NOT NULL,
  subject     jsonb NOT NULL,
  documents   integer NOT NULL DEFAULT 0,
  run_id      bigint
);
CREATE INDEX audit_log_by_tenant ON audit_log (tenant_id, at DESC, id DESC);

-- What an API key may do beyond intake: 'destructive' lets it undo and repost ranges.
ALTER TABLE api_keys ADD COLUMN scopes jsonb NOT NULL DEFAULT '[]'::jsonb;
