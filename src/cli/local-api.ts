/**
 * Embedded mode is one process (app/data-lock.ts), yet the CLI works while the service runs
 * (issue 18): the service listens on 127.0.0.1 for the commands of refused `tillbooks`
 * processes and runs them itself (app/hosted.ts), streaming back what they print and their
 * exit status. Its address and a token are in `local-api.json` in the data folder, readable by
 * the folder's owner alone (0600); a request without the token, or not from the loopback, is
 * refused. The asking side: local-api-client.ts.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { z } from 'zod';
import { hosted, runHosted } from '../app/hosted.js';
import type { HostedCommand } from '../app/hosted.js';
import type { Tillbooks } from '../app/start.js';
import { EXIT } from './exit-codes.js';

export const LOCAL_API_FILE = 'local-api.json';

/** What `local-api.json` holds. */
export const localApiInfoSchema = z.object({ pid: z.number().int(), url: z.string().url(), token: z.string().min(32) });
export type LocalApiInfo = z.infer<typeof localApiInfoSchema>;

/** Commands the service does not run for another process, and what to do instead. */
export const NOT_HOSTED: Record<string, string> = {
  serve: 'the service already runs', start: 'the service already runs', web: 'the service already runs', worker: 'the service already runs its worker',
  connect: 'connect from the back office\'s QuickBooks page instead',
  demo: 'it runs on a database of its own; run it here', simulator: 'it runs on its own; run it here',
};

const requestSchema = z.object({ argv: z.array(z.string().max(4096)).min(1).max(200), cwd: z.string().min(1).max(4096) });

/** One line of the answer: output, a keep-alive (empty object), or the exit status at the end. */
export type LocalApiLine = { out: string } | { err: string } | { exit: number } | Record<string, never>;

export interface LocalApi {
  url: string;
  close(): Promise<void>;
}

export async function startLocalApi(t: Tillbooks, dataDir: string, runArgv: (argv: string[]) => Promise<void>): Promise<LocalApi> {
  captureOutput();
  const token = randomBytes(32).toString('hex');
  const server = createServer((req, res) => {
    void answer(req, res, token, (argv, cwd, write) => {
      const command: HostedCommand = { runtime: t.runtime, deps: t.syncDeps, kick: t.worker ? () => t.worker!.kick() : null, cwd, write, exitCode: undefined };
      return runHosted(command, async () => {
        const refused = NOT_HOSTED[argv[0]!];
        if (refused) {
          write('err', `tillbooks: ${argv[0]} is not run by the service for another process: ${refused}\n`);
          return EXIT.usage;
        }
        await runArgv(argv);
        return command.exitCode ?? 0;
      });
    }).catch((err: unknown) => {
      t.runtime.logger.error({ err }, 'local command API');
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const file = path.join(dataDir, LOCAL_API_FILE);
  await rm(file, { force: true });
  await writeFile(file, JSON.stringify({ pid: process.pid, url, token } satisfies LocalApiInfo), { mode: 0o600, flag: 'wx' });
  await chmod(file, 0o600);
  return {
    url,
    async close() {
      await rm(file, { force: true });
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

type Run = (argv: string[], cwd: string, write: HostedCommand['write']) => Promise<number>;

async function answer(req: IncomingMessage, res: ServerResponse, token: string, run: Run): Promise<void> {
  if (!isLoopback(req.socket.remoteAddress)) return refuse(res, 403, 'from this machine only');
  if (req.method !== 'POST' || req.url !== '/cli') return refuse(res, 404, 'POST /cli only');
  if (!sameToken(req.headers.authorization, token)) return refuse(res, 401, `the token of ${LOCAL_API_FILE} is needed`);
  const parsed = requestSchema.safeParse(await readJson(req));
  if (!parsed.success) return refuse(res, 400, 'expected {"argv": [...], "cwd": "..."}');
  res.writeHead(200, { 'content-type': 'application/x-ndjson' });
  let open = true;
  res.on('close', () => { open = false; });
  const send = (line: LocalApiLine) => {
    if (open) res.write(`${JSON.stringify(line)}\n`);
  };
  // A long run prints nothing for a while: an empty line now and then keeps the connection up.
  const alive = setInterval(() => send({}), 15_000);
  try {
    const exit = await run(parsed.data.argv, parsed.data.cwd, (stream, text) => send(stream === 'out' ? { out: text } : { err: text }));
    send({ exit });
  } finally {
    clearInterval(alive);
    res.end();
  }
}

function refuse(res: ServerResponse, status: number, why: string): void {
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(why);
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::ffff:127.0.0.1' || address === '::1';
}

function sameToken(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header ?? '');
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > 1_000_000) return null;
  }
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

let captured = false;

/** What a hosted command writes to stdout/stderr (console included) goes to the process that asked. */
function captureOutput(): void {
  if (captured) return;
  captured = true;
  for (const [name, stream] of [['out', process.stdout], ['err', process.stderr]] as const) {
    const original = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      const command = hosted();
      if (!command) return original(chunk, ...rest);
      command.write(name, typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      if (done) queueMicrotask(done);
      return true;
    }) as typeof stream.write;
  }
}
