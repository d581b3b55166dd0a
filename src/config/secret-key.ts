/**
 * The key that encrypts QuickBooks tokens at rest. In embedded mode it is generated once into
 * the data folder (mode 0600) and read back on every start; in server mode it comes from the
 * environment (Config), because every process must share it.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from './index.js';

export async function resolveSecretKey(config: Config): Promise<Buffer> {
  if (config.secretKey) return decodeKey(config.secretKey, 'TILLBOOKS_SECRET_KEY');
  const file = path.join(config.dataDir, 'secret.key');
  try {
    return decodeKey((await readFile(file, 'utf8')).trim(), file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(config.dataDir, { recursive: true });
  const key = randomBytes(32);
  // 'wx': never overwrite a key another process wrote a moment ago; tokens depend on it.
  try {
    await writeFile(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return decodeKey((await readFile(file, 'utf8')).trim(), file);
    throw err;
  }
}

export function decodeKey(text: string, source: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error(`${source}: the secret key must be 32 bytes (base64 or hex), got ${key.length}`);
  return key;
}
