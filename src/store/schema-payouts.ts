/** Row types of the payouts' own settings (migration 0012), as the database holds them. */
import type { ColumnType, Generated } from 'kysely';

/** A processor's usual delay between a sale and its payout, per tenant. */
export interface ProcessorSettingsTable {
  tenant_id: string;
  processor_key: string;
  usual_delay_days: number;
  updated_at: Generated<Date>;
  updated_by: ColumnType<string | null, string | null | undefined, string | null>;
}
