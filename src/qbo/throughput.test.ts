import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from './provider.js';
import { limitBound } from './throughput.js';

describe('limitBound', () => {
  it('counts batch items toward the 500 a minute under the strict reading', () => {
    // 1,000 documents: 34 batches, 1,034 metered requests: 2.068 minutes (the batch budget would allow it in 0.85).
    expect(limitBound(1000, DEFAULT_LIMITS)).toEqual({ documents: 1000, batches: 34, requests: 1034, ms: 124_080 });
  });
  it('is bound by the batch budget when items do not count', () => {
    // 34 batch requests at 40 a minute: 0.85 minutes.
    expect(limitBound(1000, { ...DEFAULT_LIMITS, meterBatchItems: false })).toMatchObject({ requests: 34, ms: 51_000 });
  });
  it('takes no time for nothing', () => {
    expect(limitBound(0, DEFAULT_LIMITS).ms).toBe(0);
  });
});
