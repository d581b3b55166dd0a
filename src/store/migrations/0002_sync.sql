-- What the sync engine keeps per ticket and per run.

-- Bumped when a refused ticket is sent again (resync, or after Initialize repaired a set-up
-- record): QuickBooks replays the answer of a requestid it has seen, refusals included, so a
-- new attempt needs new requestids. Retries of one attempt keep the same ones.
ALTER TABLE tickets ADD COLUMN post_epoch integer NOT NULL DEFAULT 0;
-- The run that last worked on the ticket: a run does not pick a ticket up twice.
ALTER TABLE tickets ADD COLUMN last_run_id bigint;

-- One run at a time per QuickBooks company: the guarantee that makes a per-process rate
-- limiter the whole truth, and keeps two runs from posting one ticket.
CREATE UNIQUE INDEX sync_runs_one_running_per_connection ON sync_runs (connection_id) WHERE status = 'running';
CREATE INDEX sync_runs_queued ON sync_runs (id) WHERE status = 'queued';
CREATE INDEX tickets_pending ON tickets (tenant_id, location_id, business_date, ticket_id) WHERE sync_state IN ('pending', 'posting');
