/**
 * Issue 18: the real `tillbooks` bin refuses to start with QBO_ENVIRONMENT=sandbox and an
 * http:// QuickBooks URL, exiting non-zero with a message that names the variable and value.
 */
import { describe, expect, it } from 'vitest';
import { startTillbooksProcess } from '../support/child-process.js';

describe('tillbooks serve with an http QuickBooks URL in sandbox', () => {
  it('exits 1 naming the variable, without a stack trace', { timeout: 60_000 }, async () => {
    const env = {
      QBO_ENVIRONMENT: 'sandbox', QBO_CLIENT_ID: 'id', QBO_CLIENT_SECRET: 'secret', PUBLIC_URL: 'https://books.example.com',
      QBO_API_BASE_URL: 'http://127.0.0.1:9/v3', DATA_DIR: '/nonexistent/never-created', DATABASE_URL: '', PORT: '0', LOG_LEVEL: 'warn',
    };
    const end = await startTillbooksProcess(['serve'], env, '\u0000').exited;
    expect(end.code, end.output).toBe(1);
    expect(end.output).toContain('QBO_API_BASE_URL: must be an https:// URL with QBO_ENVIRONMENT=sandbox, not http://127.0.0.1:9/v3');
    expect(end.output).not.toMatch(/\n\s+at /);
  });
});
