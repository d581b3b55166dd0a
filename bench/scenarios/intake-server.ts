/**
 * The product serving the intake API, in a process of its own, on a data folder holding the
 * bench location (import-cli.ts prepareDataDir), with a new API key. The orchestrator sends the tickets over HTTP and stops it with
 * SIGTERM; its closing report is this process's CPU time and peak RSS.
 *
 *   node --import tsx bench/scenarios/intake-server.ts --data-dir D
 */
import { createApiKey } from '../../src/store/api-keys.js';
import { report } from '../lib/children.js';
import { flags } from '../lib/flags.js';
import { TENANT, startProduct } from '../lib/product.js';
import { serveUntilStopped } from '../lib/service-child.js';

const f = flags(process.argv.slice(2), { 'data-dir': '', simulator: 'http://127.0.0.1:9', 'database-url': '-', schema: '-', 'secret-key': '-' });
const cpu = process.cpuUsage();
const server = f['database-url'] === '-' ? undefined : { url: f['database-url'], schema: f.schema, secretKey: f['secret-key'] };
// The worker stays off: this measures taking tickets in, not posting them.
const t = await startProduct({ dataDir: f['data-dir'], simulatorUrl: f.simulator, timeScale: 1, server });
const { key } = await createApiKey(t.database.db, TENANT, 'bench POS');
serveUntilStopped(() => t.stop(), cpu, report);
report({ url: t.url, apiKey: key });
