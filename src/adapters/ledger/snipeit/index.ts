// createSnipeItLedger(config, deps): the LedgerPort on Snipe-IT.
import type { SnipeItConfig } from '../../../config/sections/snipeit';
import { HttpClient } from '../../../http/client';
import type { Logger } from '../../../log/logger';
import { snipeCheckSuccess } from './errors';
import { loadSnipeItSettings } from './settings';
import { SnipeItLedger } from './snipeit-ledger';

export { SnipeItLedger } from './snipeit-ledger';

export interface SnipeItDeps {
  logger?: Logger;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  timeoutMs?: number;
  maxRetries?: number;
  retryBaseMs?: number;
  /** overrides SNIPEIT_RATE_LIMIT_PER_MINUTE (tests use a short window) */
  rateLimit?: { limit: number; windowMs: number };
}

export function createSnipeItLedger(config: SnipeItConfig, deps: SnipeItDeps = {}): SnipeItLedger {
  const settings = loadSnipeItSettings(config);
  const http = new HttpClient({
    system: 'snipeit',
    baseUrl: `${settings.baseUrl}/api/v1`,
    auth: { header: async () => `Bearer ${settings.token}`, invalidate: () => undefined },
    timeoutMs: deps.timeoutMs ?? 30_000,
    maxRetries: deps.maxRetries ?? 3,
    retryBaseMs: deps.retryBaseMs ?? 1_000,
    concurrency: 4,
    rateLimit: deps.rateLimit ?? { limit: settings.ratePerMinute, windowMs: 60_000 },
    checkSuccess: snipeCheckSuccess,
    logger: deps.logger,
    sleep: deps.sleep,
    random: deps.random,
  });
  return new SnipeItLedger(http, settings, deps.logger);
}
