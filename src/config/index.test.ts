/**
 * Issue 18: with QBO_ENVIRONMENT=sandbox and plain http:// URLs the service started and failed
 * only at the OAuth callback. Now the start is refused, naming each variable and its value.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './index.js';

const APP = { QBO_CLIENT_ID: 'id', QBO_CLIENT_SECRET: 'secret', PUBLIC_URL: 'https://books.example.com' };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('QuickBooks URLs outside the simulator', () => {
  it.each(['QBO_API_BASE_URL', 'QBO_AUTHORIZE_URL', 'QBO_TOKEN_URL', 'QBO_REVOKE_URL', 'QBO_REDIRECT_URI'])('refuses an http:// %s in sandbox and production', (name) => {
    for (const environment of ['sandbox', 'production']) {
      const problems = problemsOf({ ...APP, QBO_ENVIRONMENT: environment, [name]: 'http://qbo.example.net:8080/x' });
      expect(problems).toEqual([`${name}: must be an https:// URL with QBO_ENVIRONMENT=${environment}, not http://qbo.example.net:8080/x`]);
    }
  });

  it('refuses a localhost http redirect URI too (Intuit does not confirm it is accepted)', () => {
    expect(problemsOf({ ...APP, QBO_ENVIRONMENT: 'sandbox', QBO_REDIRECT_URI: 'http://localhost:3000/quickbooks/callback' }))
      .toEqual(['QBO_REDIRECT_URI: must be an https:// URL with QBO_ENVIRONMENT=sandbox, not http://localhost:3000/quickbooks/callback']);
  });

  it('refuses the redirect URI derived from an http PUBLIC_URL, saying where it came from', () => {
    const problems = problemsOf({ QBO_CLIENT_ID: 'id', QBO_CLIENT_SECRET: 'secret', QBO_ENVIRONMENT: 'production' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('QBO_REDIRECT_URI: must be an https:// URL with QBO_ENVIRONMENT=production, not http://localhost:3000/quickbooks/callback (derived from PUBLIC_URL');
  });

  it('lists every offending variable at once', () => {
    const problems = problemsOf({ ...APP, QBO_ENVIRONMENT: 'sandbox', QBO_API_BASE_URL: 'http://a.example', QBO_TOKEN_URL: 'http://b.example' });
    expect(problems.map((p) => p.split(':')[0])).toEqual(['QBO_API_BASE_URL', 'QBO_TOKEN_URL']);
  });

  it('accepts https everywhere, and http with the simulator', () => {
    const https = { QBO_API_BASE_URL: 'https://a.example', QBO_AUTHORIZE_URL: 'https://a.example/auth', QBO_TOKEN_URL: 'https://a.example/t', QBO_REVOKE_URL: 'https://a.example/r' };
    expect(loadConfig({ ...APP, ...https, QBO_ENVIRONMENT: 'sandbox' }).qbo.urls.api).toBe('https://a.example');
    expect(loadConfig({ QBO_ENVIRONMENT: 'simulator', QBO_API_BASE_URL: 'http://127.0.0.1:4010' }).qbo.redirectUri).toBe('http://localhost:3000/quickbooks/callback');
  });
});
