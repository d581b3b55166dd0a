import { describe, expect, it } from 'vitest';
import { classifyFault, errorFromAnswer, errorFromFault, parseRetryAfter } from './classify.js';
import { QboRateLimitError } from './errors.js';
import { findFault, parseFaultBody } from './fault.js';

const validationJson = JSON.stringify({
  Fault: {
    Error: [
      { Message: 'Duplicate Name Exists Error', Detail: 'The name supplied already exists. : Another customer, vendor or employee is already using this name.', code: '6240', element: '' },
      { Message: 'Second', Detail: 'more', code: '2020', element: 'Line' },
    ],
    type: 'ValidationFault',
  },
  time: '2026-11-25T04:00:00.000-08:00',
});

const gatewayJson = JSON.stringify({
  fault: { error: [{ message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401', detail: 'Token expired', code: '3200' }], type: 'AUTHENTICATION' },
  requestId: 'abc',
});

const throttleXml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<IntuitResponse xmlns="http://schema.intuit.com/finance/v3" time="2026-11-25T04:00:00.000-08:00">
  <Fault type="SERVICE">
    <Error code="3001">
      <Message>message=ThrottleExceeded; errorCode=003001; statusCode=429</Message>
      <Detail>The request limit was reached. Try again later &amp; slower</Detail>
    </Error>
  </Fault>
</IntuitResponse>`;

const authXml = '<ns2:IntuitResponse xmlns:ns2="http://schema.intuit.com/finance/v3"><ns2:Fault type="AuthenticationFault"><ns2:Error code="100" element="Auth"><ns2:Message>General Authentication Error</ns2:Message></ns2:Error></ns2:Fault></ns2:IntuitResponse>';

function answer(status: number, body: string, headers: Record<string, string> = {}) {
  return { status, body, headers: new Headers({ intuit_tid: 'tid-1', ...headers }) };
}
const ctx = { requestId: 'rid-1', isWrite: true, nowMs: Date.UTC(2026, 10, 25) };

describe('parseFaultBody', () => {
  it('reads every Error entry of a JSON Fault', () => {
    expect(parseFaultBody(validationJson)).toEqual({
      type: 'ValidationFault',
      errors: [
        { code: '6240', element: null, message: 'Duplicate Name Exists Error', detail: 'The name supplied already exists. : Another customer, vendor or employee is already using this name.' },
        { code: '2020', element: 'Line', message: 'Second', detail: 'more' },
      ],
    });
  });

  it('reads the gateway lower-case JSON shape', () => {
    expect(parseFaultBody(gatewayJson)).toEqual({
      type: 'AUTHENTICATION',
      errors: [{ code: '3200', element: null, message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401', detail: 'Token expired' }],
    });
  });

  it('reads an XML throttle fault, keeping codes as strings and decoding entities', () => {
    expect(parseFaultBody(throttleXml)).toEqual({
      type: 'SERVICE',
      errors: [{ code: '3001', element: null, message: 'message=ThrottleExceeded; errorCode=003001; statusCode=429', detail: 'The request limit was reached. Try again later & slower' }],
    });
  });

  it('reads namespaced XML with a single Error and its element attribute', () => {
    expect(parseFaultBody(authXml)).toEqual({
      type: 'AuthenticationFault',
      errors: [{ code: '100', element: 'Auth', message: 'General Authentication Error', detail: null }],
    });
  });

  it('accepts a single Error object instead of a list, and numeric codes', () => {
    expect(findFault({ Fault: { Error: { Message: 'm', code: 610 }, type: 'ValidationFault' } })?.errors[0]?.code).toBe('610');
  });

  it('returns null for bodies without a Fault or that are not JSON/XML', () => {
    expect(parseFaultBody('{"Invoice":{"Id":"1"}}')).toBeNull();
    expect(parseFaultBody('<html><body>Bad gateway</body></html>')).toBeNull();
    expect(parseFaultBody('Service Unavailable')).toBeNull();
    expect(parseFaultBody('{not json')).toBeNull();
    expect(parseFaultBody('')).toBeNull();
  });
});

describe('classifyFault', () => {
  const f = (code: string, type = 'ValidationFault') => ({ type, errors: [{ code, element: null, message: '', detail: null }] });
  it.each([
    [429, null, 'QBO_RATE_LIMIT'],
    [400, f('3001', 'SERVICE'), 'QBO_RATE_LIMIT'],
    [401, f('3200', 'AUTHENTICATION'), 'QBO_AUTH'],
    [403, f('3100', 'SERVICE'), 'QBO_AUTH'],
    [400, f('120', 'AuthorizationFault'), 'QBO_AUTH'],
    [400, f('6240'), 'QBO_VALIDATION'],
    [400, f('2020'), 'QBO_VALIDATION'],
    [400, f('5010'), 'QBO_STALE_OBJECT'],
    [400, f('610'), 'QBO_NOT_FOUND'],
    [404, null, 'QBO_NOT_FOUND'],
    [400, f('600'), 'QBO_DUPLICATE_REQUEST'],
    [500, null, 'QBO_SERVER'],
    [503, f('10000', 'SystemFault'), 'QBO_SERVER'],
    [200, f('10000', 'SystemFault'), 'QBO_SERVER'],
    [200, f('6000'), 'QBO_VALIDATION'],
    [415, null, 'QBO_UNEXPECTED'],
    [null, f('6070'), 'QBO_VALIDATION'],
    [null, f('3001', 'SERVICE'), 'QBO_RATE_LIMIT'],
    // The monthly read quota: the throttle's 429 (or a 403), told apart by its code.
    [429, f('3002', 'SERVICE'), 'QBO_QUOTA_EXCEEDED'],
    [403, f('003002', 'SERVICE'), 'QBO_QUOTA_EXCEEDED'],
    [null, f('3002', 'SERVICE'), 'QBO_QUOTA_EXCEEDED'],
  ] as const)('HTTP %s with %j -> %s', (status, fault, code) => {
    expect(classifyFault(status, fault)).toBe(code);
  });
});

describe('errorFromAnswer', () => {
  it('keeps intuit_tid, the requestid, the status and every fault entry', () => {
    const e = errorFromAnswer(answer(400, validationJson), ctx);
    expect(e.code).toBe('QBO_VALIDATION');
    expect(e.intuitTid).toBe('tid-1');
    expect(e.requestId).toBe('rid-1');
    expect(e.status).toBe(400);
    expect(e.qboCode).toBe('6240');
    expect(e.errors).toHaveLength(2);
    expect(e.outcomeUnknown).toBe(false);
    expect(e.message).toContain('6240');
  });

  it('turns an XML 429 into a rate-limit error with Retry-After when given', () => {
    const e = errorFromAnswer(answer(429, throttleXml, { 'retry-after': '7' }), ctx);
    expect(e).toBeInstanceOf(QboRateLimitError);
    expect((e as QboRateLimitError).retryAfterMs).toBe(7000);
    expect(e.qboCode).toBe('3001');
  });

  it('marks a 5xx on a write as an unknown outcome, but not on a read', () => {
    expect(errorFromAnswer(answer(502, '<html>Bad Gateway</html>'), ctx).outcomeUnknown).toBe(true);
    expect(errorFromAnswer(answer(502, '<html>Bad Gateway</html>'), { ...ctx, isWrite: false }).outcomeUnknown).toBe(false);
  });

  it('never puts a token in the message or JSON form', () => {
    const e = errorFromAnswer(answer(401, gatewayJson), ctx);
    expect(e.code).toBe('QBO_AUTH');
    expect(JSON.stringify(e.toJSON())).not.toMatch(/Bearer/);
  });
});

describe('errorFromFault (batch item)', () => {
  it('has no HTTP status and keeps the batch requestid', () => {
    const e = errorFromFault(parseFaultBody(validationJson)!, { requestId: 'b-1', intuitTid: 't', isWrite: true });
    expect(e.status).toBeNull();
    expect(e.code).toBe('QBO_VALIDATION');
    expect(e.requestId).toBe('b-1');
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates', () => {
    const now = Date.UTC(2026, 10, 25, 12, 0, 0);
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter(new Date(now + 12_000).toUTCString(), now)).toBe(12_000);
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});
