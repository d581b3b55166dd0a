/**
 * The clearing balances view's JSON (GET /api/v1/payouts/clearing, `tillbooks payouts clearing
 * --json`) as a schema: the API's documentation, and what the CLI's tests check its output with.
 */
import { z } from 'zod';

const money = z.string().regex(/^-?\d+\.\d\d$/);
const ref = z.object({ id: z.string(), name: z.string() });
const state = z.enum(['pending', 'posting', 'posted', 'skipped', 'changed']);

export const clearingPayoutJson = z.object({
  processor: z.string(), id: z.string(), version: z.number().int(), locationId: z.string().nullable(), arrivalDate: z.string(),
  gross: money, fees: money, adjustments: money, net: money, state, postedVersion: z.number().int().nullable(), depositId: z.string().nullable(),
  error: z.string().nullable(), periodStart: z.string().nullable(), periodEnd: z.string().nullable(), covered: money.nullable(), difference: money.nullable(),
});

export const clearingViewJson = z.object({
  processor: z.string(), connectionId: z.number().int(), clearingAccount: ref, bankAccount: ref, from: z.string(), usualDelayDays: z.number().int(),
  tendersIn: money, payoutsOut: money, balance: money, notInQuickBooks: money,
  days: z.array(z.object({ date: z.string(), tendersIn: money, payoutsOut: money, balance: money })),
  payouts: z.array(clearingPayoutJson),
  warnings: z.array(z.object({ kind: z.enum(['aged', 'mismatch', 'negative']), message: z.string(), amount: money, payoutId: z.string().nullable() })),
});

export const clearingJson = z.object({ today: z.string(), processors: z.array(clearingViewJson) });
