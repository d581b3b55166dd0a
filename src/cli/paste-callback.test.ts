import { describe, expect, it } from 'vitest';
import { callbackParams } from './paste-callback.js';
import { UsageError } from './context.js';

describe('the callback address pasted into tillbooks connect', () => {
  it('gives the callback\'s parameters, from the address bar as it is or from the sign-in page\'s next', () => {
    const callback = 'https://books.example.com/quickbooks/callback?code=c1&state=s1&realmId=9130';
    expect(callbackParams(`  ${callback}\n`)).toEqual({ code: 'c1', state: 's1', realmId: '9130' });
    expect(callbackParams(`https://books.example.com/signin?next=${encodeURIComponent('/quickbooks/callback?code=c1&state=s1&realmId=9130')}`))
      .toEqual({ code: 'c1', state: 's1', realmId: '9130' });
  });

  it('says what is wrong with anything else', () => {
    expect(() => callbackParams('https://books.example.com/quickbooks')).toThrow(UsageError);
    expect(() => callbackParams('https://books.example.com/quickbooks')).toThrow(/no OAuth state/);
  });
});
