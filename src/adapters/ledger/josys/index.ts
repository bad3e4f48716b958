// createJosysLedger(config, deps): the LedgerPort on the Josys public API.
import type { JosysConfig } from '../../../config/sections/josys';
import { ValidationError } from '../../../errors';
import { HttpClient } from '../../../http/client';
import { registerSecrets } from '../../../log/scrub';
import { httpOptions } from '../../http-deps';
import { parseStatusMap } from '../config-maps';
import type { JosysDeps } from './deps';
import { loadJosysFields } from './fields';
import { JosysLedger } from './josys-ledger';
import { createJosysAuth } from './token';

export { JosysLedger } from './josys-ledger';
export { DEFAULT_JOSYS_FIELDS } from './fields';
export type { JosysDeps } from './deps';

/** Josys has no repair or lost status: by default they read as UNKNOWN (change with JOSYS_STATUS_MAP). */
export const DEFAULT_JOSYS_STATUSES = {
  in_use: 'IN_USE',
  in_stock: 'AVAILABLE',
  repair: 'UNKNOWN',
  lost: 'UNKNOWN',
  retired: 'DECOMMISSIONED',
  disposed: 'DECOMMISSIONED',
} as const;

export function createJosysLedger(config: JosysConfig, deps: JosysDeps = {}): JosysLedger {
  const missing = [!config.JOSYS_API_USER_KEY && 'JOSYS_API_USER_KEY', !config.JOSYS_API_SECRET && 'JOSYS_API_SECRET'].filter(Boolean);
  if (missing.length > 0) throw new ValidationError(`Josys: missing configuration: ${missing.join(', ')}`, { system: 'josys' });
  registerSecrets([config.JOSYS_API_USER_KEY!, config.JOSYS_API_SECRET!]);
  const statuses = parseStatusMap('JOSYS_STATUS_MAP', config.JOSYS_STATUS_MAP, DEFAULT_JOSYS_STATUSES);
  const fields = loadJosysFields(config.JOSYS_FIELD_MAP);
  const root = config.JOSYS_API_URL.replace(/\/+$/, '');
  const auth = createJosysAuth(config.JOSYS_TOKEN_URL ?? `${root}/v1/oauth/tokens`, config.JOSYS_API_USER_KEY!, config.JOSYS_API_SECRET!, deps);
  const http = new HttpClient({
    system: 'josys',
    baseUrl: root,
    auth,
    ...httpOptions(deps, { timeoutMs: 30_000, maxRetries: 3, retryBaseMs: 1_000 }),
    // Josys publishes no rate limit we could find; keep a modest pace.
    concurrency: 4,
  });
  return new JosysLedger(http, { fields, statuses, timeZone: deps.timeZone ?? 'Asia/Tokyo', now: deps.now ?? (() => new Date()), logger: deps.logger });
}
