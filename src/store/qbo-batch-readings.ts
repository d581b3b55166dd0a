/** The batch reading each company taught the client (strict, since when), shared by every process. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { DB } from './schema.js';

export interface StoredReading {
  reading: 'strict';
  learnedAt: number;
}

export async function loadBatchReading(db: Kysely<DB>, realmId: string): Promise<StoredReading | null> {
  const row = await db.selectFrom('qbo_batch_readings').select(['reading', 'learned_at']).where('realm_id', '=', realmId).executeTakeFirst();
  return row ? { reading: 'strict', learnedAt: row.learned_at.getTime() } : null;
}

/** Remembers a learning; an older one (another process's) never replaces a newer one. */
export async function saveBatchReading(db: Kysely<DB>, realmId: string, learned: StoredReading): Promise<void> {
  await db.insertInto('qbo_batch_readings').values({ realm_id: realmId, reading: learned.reading, learned_at: new Date(learned.learnedAt) })
    .onConflict((oc) => oc.column('realm_id').doUpdateSet({
      reading: learned.reading,
      learned_at: sql<Date>`GREATEST(qbo_batch_readings.learned_at, excluded.learned_at)`,
    }))
    .execute();
}
