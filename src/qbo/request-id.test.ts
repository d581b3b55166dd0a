import { describe, expect, it } from 'vitest';
import { deriveBatchRequestId, deriveRequestId } from './request-id.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('deriveRequestId', () => {
  it('is a 36-character UUIDv8, within both the single (50) and batch (36) limits', () => {
    const id = deriveRequestId('9130357', 'ticket:T-1:v1', 'create:SalesReceipt');
    expect(id).toMatch(UUID);
    expect(id).toHaveLength(36);
  });

  it('keeps the ids earlier versions derived: a write in flight across an upgrade is retried with its own id', () => {
    expect(deriveRequestId('9130', 'ticket:bench-1:T-1:v2:invoice', 'create:Invoice')).toBe('fa273339-ee27-88a5-a662-e8078f5d93d1');
    expect(deriveBatchRequestId('9130', ['a', 'é', 'c'])).toBe('6cdc6f79-5949-8d5c-ad46-e4d73b06b5f7');
  });

  it('is the same for the same company, key and operation (every retry, every process)', () => {
    expect(deriveRequestId('1', 'k', 'create:Invoice')).toBe(deriveRequestId('1', 'k', 'create:Invoice'));
  });

  it('differs when the company, the key or the operation differs', () => {
    const base = deriveRequestId('1', 'k', 'create:Invoice');
    expect(deriveRequestId('2', 'k', 'create:Invoice')).not.toBe(base);
    expect(deriveRequestId('1', 'k2', 'create:Invoice')).not.toBe(base);
    expect(deriveRequestId('1', 'k', 'void:Invoice')).not.toBe(base);
  });

  it('does not collide when separators move between parts', () => {
    expect(deriveRequestId('1', 'a:b', 'c')).not.toBe(deriveRequestId('1', 'a', 'b:c'));
  });

  it('refuses an empty key: a write without a key cannot be made idempotent', () => {
    expect(() => deriveRequestId('1', '', 'create:Invoice')).toThrow(TypeError);
  });
});

describe('deriveBatchRequestId', () => {
  it('derives from the items, in order', () => {
    const a = deriveBatchRequestId('1', ['x', 'y']);
    expect(a).toMatch(UUID);
    expect(deriveBatchRequestId('1', ['x', 'y'])).toBe(a);
    expect(deriveBatchRequestId('1', ['y', 'x'])).not.toBe(a);
    expect(deriveBatchRequestId('1', ['x'])).not.toBe(a);
    expect(() => deriveBatchRequestId('1', [])).toThrow(TypeError);
  });
});
