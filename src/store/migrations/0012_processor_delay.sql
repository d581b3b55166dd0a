-- Each processor's usual delay between a card sale and its payout (issue 15, clearing balances):
-- money in the processor's clearing account longer than this is a warning. Tenant-wide, by the
-- processor's name as the mapping keys it (lower case, trimmed); no row: 5 days.
CREATE TABLE processor_settings (
  tenant_id          text NOT NULL REFERENCES tenants (id),
  processor_key      text NOT NULL,
  usual_delay_days   integer NOT NULL CHECK (usual_delay_days BETWEEN 0 AND 60),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  updated_by         text,
  PRIMARY KEY (tenant_id, processor_key)
);
