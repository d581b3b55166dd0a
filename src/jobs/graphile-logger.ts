/** graphile-worker's log lines through our pino logger (its debug chatter at debug). */
import { Logger as GraphileLogger } from 'graphile-worker';
import type { Logger } from '../lib/logger.js';

export function makeGraphileLogger(logger: Logger): GraphileLogger {
  const log = logger.child({ component: 'job-queue' });
  return new GraphileLogger(() => (level, message, meta) => {
    const fields = meta && typeof meta === 'object' ? { meta } : {};
    if (level === 'error') log.error(fields, message);
    else if (level === 'warning') log.warn(fields, message);
    else if (level === 'info') log.info(fields, message);
    else log.debug(fields, message);
  });
}
