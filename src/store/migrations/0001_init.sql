-- tillbooks schema, version 1. Tenants own everything; every query filters by tenant_id.

CREATE TABLE tenants (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id             bigserial PRIMARY KEY,
  tenant_id      text NOT NULL REFERENCES tenants (id),
  email          text NOT NULL,
  password_hash  text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  last_login_at  timestamptz
);
CREATE UNIQUE INDEX users_email ON users (lower(email));

-- A session is known by the SHA-256 of its cookie token, so a database leak is no login.
CREATE TABLE sessions (
  id           text PRIMARY KEY,
  user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_secret  text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL
);

-- API keys: only a SHA-256 of the key is kept; `prefix` finds the row and is shown to humans.
CREATE TABLE api_keys (
  id            bigserial PRIMARY KEY,
  tenant_id     text NOT NULL REFERENCES tenants (id),
  name          text NOT NULL,
  prefix        text NOT NULL UNIQUE,
  key_hash      text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz,
  revoked_at    timestamptz
);

CREATE TABLE qbo_connections (
  id              bigserial PRIMARY KEY,
  tenant_id       text NOT NULL REFERENCES tenants (id),
  environment     text NOT NULL,
  realm_id        text NOT NULL,
  company_name    text,
  status          text NOT NULL DEFAULT 'connected'
                  CHECK (status IN ('connected', 'reconnect_needed', 'disconnected')),
  status_reason   text,
  -- AES-256-GCM envelope of the token set; never stored in the clear.
  tokens_enc      text,
  -- Bumped on every token save: the compare-and-swap that keeps refreshes single-flight.
  token_version   integer NOT NULL DEFAULT 0,
  setup           jsonb,
  setup_report    jsonb,
  initialized_at  timestamptz,
  connected_at    timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, environment, realm_id)
);

-- OAuth `state`: single use, expires. Known by its SHA-256.
CREATE TABLE oauth_states (
  state_hash  text PRIMARY KEY,
  data        jsonb NOT NULL,
  expires_at  timestamptz NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE locations (
  tenant_id        text NOT NULL REFERENCES tenants (id),
  id               text NOT NULL,
  name             text NOT NULL,
  time_zone        text NOT NULL,
  -- "Enable integrated QuickBooks": tickets are taken in either way, posted only when on.
  enabled          boolean NOT NULL DEFAULT true,
  sync_time        text NOT NULL DEFAULT '00:00' CHECK (sync_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  sync_time_zone   text NOT NULL DEFAULT 'America/Denver',
  -- Tickets with an earlier business date are never posted.
  sync_start_date  date,
  connection_id    bigint REFERENCES qbo_connections (id),
  next_run_at      timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE tickets (
  tenant_id        text NOT NULL,
  location_id      text NOT NULL,
  ticket_id        text NOT NULL,
  version          integer NOT NULL,
  status           text NOT NULL CHECK (status IN ('closed', 'voided')),
  closed_at        timestamptz NOT NULL,
  business_date    date NOT NULL,
  total_cents      bigint NOT NULL,
  -- The ticket JSON exactly as received (audit), and our normalised form of it.
  raw              text NOT NULL,
  normalized       jsonb NOT NULL,
  received_at      timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  sync_state       text NOT NULL DEFAULT 'pending'
                   CHECK (sync_state IN ('pending', 'posting', 'posted', 'skipped', 'void')),
  -- The version whose documents QuickBooks holds (null: nothing posted).
  posted_version   integer,
  qbo_docs         jsonb,
  qbo_doc_number   text,
  last_error       jsonb,
  attempts         integer NOT NULL DEFAULT 0,
  synced_at        timestamptz,
  PRIMARY KEY (tenant_id, location_id, ticket_id),
  FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id)
);
-- The Tickets page pages by (business_date desc, location_id, ticket_id), with or without a state.
CREATE INDEX tickets_by_date ON tickets (tenant_id, business_date DESC, location_id, ticket_id);
CREATE INDEX tickets_by_state ON tickets (tenant_id, sync_state, business_date DESC, location_id, ticket_id);

CREATE TABLE sync_runs (
  id             bigserial PRIMARY KEY,
  tenant_id      text NOT NULL REFERENCES tenants (id),
  connection_id  bigint REFERENCES qbo_connections (id),
  location_id    text,
  trigger        text NOT NULL CHECK (trigger IN ('schedule', 'manual', 'resync', 'edit')),
  status         text NOT NULL DEFAULT 'queued'
                 CHECK (status IN ('queued', 'running', 'finished', 'failed', 'stopped')),
  -- scheduled runs: business dates before this one; manual: everything up to cutoff_at.
  cutoff_date    date,
  cutoff_at      timestamptz,
  ticket_keys    jsonb,
  queued_at      timestamptz NOT NULL DEFAULT now(),
  started_at     timestamptz,
  finished_at    timestamptz,
  heartbeat_at   timestamptz,
  worker_id      text,
  total          integer NOT NULL DEFAULT 0,
  done           integer NOT NULL DEFAULT 0,
  posted         integer NOT NULL DEFAULT 0,
  skipped        integer NOT NULL DEFAULT 0,
  pending        integer NOT NULL DEFAULT 0,
  voided         integer NOT NULL DEFAULT 0,
  http_requests  integer NOT NULL DEFAULT 0,
  error          text
);
CREATE INDEX sync_runs_recent ON sync_runs (tenant_id, id DESC);

CREATE TABLE sync_events (
  id           bigserial PRIMARY KEY,
  run_id       bigint REFERENCES sync_runs (id),
  tenant_id    text NOT NULL,
  location_id  text NOT NULL,
  ticket_id    text NOT NULL,
  version      integer NOT NULL,
  at           timestamptz NOT NULL DEFAULT now(),
  kind         text NOT NULL,
  detail       jsonb
);
CREATE INDEX sync_events_by_ticket ON sync_events (tenant_id, location_id, ticket_id, id);
CREATE INDEX sync_events_by_run ON sync_events (run_id, id);

-- Every QuickBooks write is written down here before it is sent, so a run that dies
-- mid-flight can settle it on resume (requestid replay, or a lookup) before creating again.
CREATE TABLE qbo_writes (
  connection_id  bigint NOT NULL REFERENCES qbo_connections (id),
  request_id     text NOT NULL,
  tenant_id      text NOT NULL,
  location_id    text,
  ticket_id      text,
  version        integer,
  doc_kind       text NOT NULL,
  operation      text NOT NULL,
  state          text NOT NULL DEFAULT 'inflight' CHECK (state IN ('inflight', 'done', 'failed')),
  result         jsonb,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (connection_id, request_id)
);
CREATE INDEX qbo_writes_inflight ON qbo_writes (connection_id) WHERE state = 'inflight';
