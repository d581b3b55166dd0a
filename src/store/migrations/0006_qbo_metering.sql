-- Intuit meters QuickBooks reads (CorePlus calls) per company and calendar month and blocks
-- them past a monthly quota (docs/quickbooks-facts.md §6). One row per company (realm) and
-- month (UTC, 'YYYY-MM'), added to in bulk (per page, run and shutdown) rather than per request.
CREATE TABLE qbo_usage (
  realm_id          text NOT NULL,
  month             text NOT NULL CHECK (month ~ '^[0-9]{4}-[0-9]{2}$'),
  reads             bigint NOT NULL DEFAULT 0,
  writes            bigint NOT NULL DEFAULT 0,
  oauth_calls       bigint NOT NULL DEFAULT 0,
  -- The last read QuickBooks refused for the quota; null once a read worked again (lifted).
  quota_blocked_at  timestamptz,
  last_read_at      timestamptz,
  updated_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (realm_id, month)
);
