/**
 * The simulator's state as plain JSON, for the state file: every company's records (deleted
 * ones too, so a read still answers "Another user has deleted this transaction"), its
 * numbering and remembered requestid answers, the OAuth apps, codes and tokens with their clock
 * expiries, and the realm counter (so a new company never reuses a realm id). Counters, faults,
 * throttle windows and requests still in progress are not kept: they describe one run.
 */
import { z } from 'zod';
import type { CompanySnapshot } from './company.js';
import { restoreCompany, snapshotCompany } from './company.js';
import { ENTITY_NAMES } from './entity-store.js';
import type { OAuthSnapshot } from './oauth.js';
import type { SimState } from './sim-state.js';
import type { OAuthApp } from './types.js';

export const SNAPSHOT_FORMAT = 'tillbooks-simulator-state';
export const SNAPSHOT_VERSION = 1;

export interface SimSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  version: typeof SNAPSHOT_VERSION;
  /** ISO time of the simulator's clock when written; for people reading the file. */
  savedAt: string;
  realmCounter: number;
  apps: OAuthApp[];
  oauth: OAuthSnapshot;
  companies: CompanySnapshot[];
}

const int = z.number().int();
const time = z.number();

const recordSchema = z.object({
  entity: z.enum(ENTITY_NAMES),
  id: z.string(),
  state: z.enum(['active', 'voided', 'deleted']),
  body: z.record(z.string(), z.unknown()),
});

const companySchema = z.object({
  realmId: z.string(),
  nextId: int,
  nextDocNumber: int,
  records: z.array(recordSchema),
  requestIds: z.array(z.tuple([z.string(), z.object({ status: int, contentType: z.string(), body: z.string() })])),
  meteredReads: z.record(z.string(), int).optional(),
});

const oauthSchema = z.object({
  grants: z.array(z.object({ clientId: z.string(), realmId: z.string(), startedAt: time, revoked: z.boolean() })),
  codes: z.array(z.object({
    code: z.string(), clientId: z.string(), redirectUri: z.string(), realmId: z.string(), expiresAt: time, used: z.boolean(),
  })),
  accessTokens: z.array(z.object({ token: z.string(), grant: int, expiresAt: time })),
  refreshTokens: z.array(z.object({ token: z.string(), grant: int, expiresAt: time, supersededAt: time.optional() })),
});

const snapshotSchema = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  version: z.literal(SNAPSHOT_VERSION),
  savedAt: z.string(),
  realmCounter: int,
  apps: z.array(z.object({
    clientId: z.string(), clientSecret: z.string(), redirectUris: z.array(z.string()),
    webhook: z.object({ url: z.string(), verifierToken: z.string() }).optional(),
  })),
  oauth: oauthSchema,
  companies: z.array(companySchema),
});

/** Checks parsed JSON; throws naming the first problem, so a damaged file is never silently replaced. */
export function parseSnapshot(json: unknown, source: string): SimSnapshot {
  const result = snapshotSchema.safeParse(json);
  if (result.success) return result.data as SimSnapshot;
  const issue = result.error.issues[0];
  throw new Error(`${source} is not a simulator state file (${issue?.path.join('.') || '(top)'}: ${issue?.message ?? 'invalid'})`);
}

export function snapshotState(state: SimState): SimSnapshot {
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    savedAt: new Date(state.clock.now()).toISOString(),
    realmCounter: state.realmCounter,
    apps: state.apps,
    oauth: state.oauth.snapshot(),
    companies: [...state.companies.values()].map(snapshotCompany),
  };
}

/** Replaces the state's companies, codes and tokens with the snapshot's (apps are chosen at start, see server.ts). */
export function restoreState(state: SimState, snapshot: SimSnapshot): void {
  state.companies.clear();
  for (const company of snapshot.companies) state.companies.set(company.realmId, restoreCompany(company, () => state.limits, state.clock));
  state.realmCounter = snapshot.realmCounter;
  state.oauth.restore(snapshot.oauth);
}
