-- What each company taught the client about Intuit's limits (docs/quickbooks-facts.md §5): that
-- its batch items count toward the 500 requests a minute (the strict reading), and when it
-- learned so. Shared by every process; tried lenient again after QBO_BATCH_READING_RETRY_HOURS.
CREATE TABLE qbo_batch_readings (
  realm_id    text PRIMARY KEY,
  reading     text NOT NULL CHECK (reading IN ('strict')),
  learned_at  timestamptz NOT NULL
);
