-- The POS's other records (docs/records-format.md): drawer operations and processor payouts.
-- Like tickets they are tenant-scoped, kept as received (raw) and as read (normalized), and
-- replaced only by a higher version (the intake's one atomic insert-or-replace).

-- Cash in or out of a drawer without a sale; dated by `at` in its location's zone. The day's
-- drawer JournalEntry is built from these rows (summary-rules.md §3.3); `updated_at` says when
-- a day's operations last changed.
CREATE TABLE drawer_operations (
  tenant_id      text NOT NULL,
  location_id    text NOT NULL,
  operation_id   text NOT NULL,
  version        integer NOT NULL,
  at             timestamptz NOT NULL,
  business_date  date NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('paid_in', 'paid_out', 'drop')),
  amount_cents   bigint NOT NULL CHECK (amount_cents > 0),
  reason         text NOT NULL,
  category       text,
  raw            text NOT NULL,
  normalized     jsonb NOT NULL,
  received_at    timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, location_id, operation_id),
  FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id)
);
CREATE INDEX drawer_operations_by_day ON drawer_operations (tenant_id, location_id, business_date);

-- What a card processor paid into the bank; named by processor and id. Each becomes one
-- QuickBooks Deposit: `posted_version` is the version QuickBooks holds, `qbo_deposit_id` and
-- `qbo_sync_token` what an edit in place needs. `changed`: the Deposit was edited or deleted
-- in QuickBooks; the service never overwrites it.
CREATE TABLE payouts (
  tenant_id          text NOT NULL REFERENCES tenants (id),
  processor          text NOT NULL,
  payout_id          text NOT NULL,
  version            integer NOT NULL,
  location_id        text,
  arrival_date       date NOT NULL,
  gross_cents        bigint NOT NULL,
  fees_cents         bigint NOT NULL CHECK (fees_cents >= 0),
  adjustments_cents  bigint NOT NULL DEFAULT 0,
  net_cents          bigint NOT NULL,
  period_start       timestamptz,
  period_end         timestamptz,
  raw                text NOT NULL,
  normalized         jsonb NOT NULL,
  received_at        timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  sync_state         text NOT NULL DEFAULT 'pending'
                     CHECK (sync_state IN ('pending', 'posting', 'posted', 'skipped', 'changed')),
  connection_id      bigint REFERENCES qbo_connections (id),
  posted_version     integer,
  qbo_deposit_id     text,
  qbo_sync_token     text,
  last_error         jsonb,
  attempts           integer NOT NULL DEFAULT 0,
  synced_at          timestamptz,
  PRIMARY KEY (tenant_id, processor, payout_id),
  FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id),
  CHECK (net_cents = gross_cents - fees_cents + adjustments_cents)
);
CREATE INDEX payouts_by_date ON payouts (tenant_id, arrival_date DESC, processor, payout_id);
CREATE INDEX payouts_by_state ON payouts (tenant_id, sync_state, arrival_date);
