// createSnipeItLedger(config, deps): the LedgerPort on Snipe-IT.
import type { SnipeItConfig } from '../../../config/sections/snipeit';
import { HttpClient } from '../../../http/client';
import { httpOptions, type HttpDeps } from '../../http-deps';
import { snipeCheckSuccess } from './errors';
import { loadSnipeItSettings } from './settings';
import { SnipeItLedger } from './snipeit-ledger';

export { SnipeItLedger } from './snipeit-ledger';

export interface SnipeItDeps extends HttpDeps {
  /** overrides SNIPEIT_RATE_LIMIT_PER_MINUTE (tests use a short window) */
  rateLimit?: { limit: number; windowMs: number };
}

export function createSnipeItLedger(config: SnipeItConfig, deps: SnipeItDeps = {}): SnipeItLedger {
  const settings = loadSnipeItSettings(config);
  const http = new HttpClient({
    system: 'snipeit',
    baseUrl: `${settings.baseUrl}/api/v1`,
    auth: { header: async () => `Bearer ${settings.token}`, invalidate: () => undefined },
    ...httpOptions(deps, { timeoutMs: 30_000, maxRetries: 3, retryBaseMs: 1_000 }),
    concurrency: 4,
    rateLimit: deps.rateLimit ?? { limit: settings.ratePerMinute, windowMs: 60_000 },
    checkSuccess: snipeCheckSuccess,
  });
  return new SnipeItLedger(http, settings, deps.logger);
}
