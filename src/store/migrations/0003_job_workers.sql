-- Server mode: each worker process beats its graphile-worker ids here. A job locked by a worker
-- that stopped beating for the lease is unlocked for another (graphile-worker itself would wait
-- four hours). Embedded mode keeps the table empty.
CREATE TABLE job_workers (
  worker_id  text PRIMARY KEY,
  process    text NOT NULL,
  beat_at    timestamptz NOT NULL
);
