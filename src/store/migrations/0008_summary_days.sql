-- Summary mode (issue 14, summary-rules.md): a location's posting mode by business date, and the
-- day (location, business date) as a unit of work with its own states and facts.

-- What the back office shows: the location's mode now and, in summary mode, its cut-over date.
ALTER TABLE locations ADD COLUMN posting_mode text NOT NULL DEFAULT 'line-by-line'
  CHECK (posting_mode IN ('line-by-line', 'summary'));
ALTER TABLE locations ADD COLUMN summary_from date;

-- Every cut-over ever saved: the mode of a business date is the mode of the latest row dated on
-- or before it (none: line-by-line). History, not one column, because switching back to
-- line-by-line takes a new date and the days summarised before it stay summarised.
CREATE TABLE location_posting_modes (
  tenant_id    text NOT NULL,
  location_id  text NOT NULL,
  from_date    date NOT NULL,
  mode         text NOT NULL CHECK (mode IN ('line-by-line', 'summary')),
  saved_at     timestamptz NOT NULL DEFAULT now(),
  saved_by     text,
  PRIMARY KEY (tenant_id, location_id, from_date),
  FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE summary_days (
  tenant_id      text NOT NULL,
  location_id    text NOT NULL,
  business_date  date NOT NULL,
  state          text NOT NULL DEFAULT 'open'
                 CHECK (state IN ('open', 'ready', 'posting', 'posted', 'out-of-date', 'skipped', 'changed-in-qbo')),
  -- The revision QuickBooks holds (0: nothing posted yet); each rewrite is revision + 1.
  revision       integer NOT NULL DEFAULT 0,
  -- Facts: per document kind its QuickBooks id, SyncToken, revision and content hash; retired ones.
  docs           jsonb,
  -- Bumped by Resync and Repost: a refused requestid would only replay its refusal.
  post_epoch     integer NOT NULL DEFAULT 0,
  -- A write's outcome was lost: look the documents up by DocNumber before creating again.
  uncertain      boolean NOT NULL DEFAULT false,
  -- Repost: read the documents' current SyncTokens before rewriting (the accountant's change is replaced).
  reread         boolean NOT NULL DEFAULT false,
  -- Bumped by every ticket write of the day: a run that held the day meanwhile settles it out of date.
  input_seq      integer NOT NULL DEFAULT 0,
  -- Why it is skipped or waiting (for a closed period: the difference the rewrite would make).
  last_error     jsonb,
  -- The POS totals per group of what QuickBooks holds (the posted revision).
  totals         jsonb,
  last_run_id    bigint,
  attempts       integer NOT NULL DEFAULT 0,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  posted_at      timestamptz,
  PRIMARY KEY (tenant_id, location_id, business_date),
  FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX summary_days_due ON summary_days (tenant_id, location_id, business_date)
  WHERE state IN ('open', 'ready', 'out-of-date', 'posting');

-- What a run did with summary days, beside its ticket counts (posted, skipped, changed, pending).
ALTER TABLE sync_runs ADD COLUMN day_counts jsonb;
