// createAppleAbm(config, deps): the AbmPort on the Apple Business Manager / Apple School Manager API.
import type { AppleAbmConfig } from '../../../config/sections/apple-abm';
import { HttpClient } from '../../../http/client';
import type { AbmPort } from '../../../ports/abm';
import { httpOptions } from '../../http-deps';
import { AppleAbm } from './apple-abm';
import { loadAbmCredentials } from './credentials';
import type { AbmHttpDeps } from './deps';
import { mapAbmError } from './errors';
import { createAbmAuth } from './token';

export type { AbmHttpDeps } from './deps';
export { AppleAbm } from './apple-abm';

export function createAppleAbm(config: AppleAbmConfig & { ABM_ACTIVITY_SETTLE?: number }, deps: AbmHttpDeps = {}): AbmPort {
  const credentials = loadAbmCredentials(config);
  const auth = createAbmAuth({ tokenUrl: config.ABM_TOKEN_URL, audience: config.ABM_TOKEN_AUDIENCE, scope: config.ABM_SCOPE, credentials }, deps);
  const http = new HttpClient({
    system: 'abm',
    baseUrl: config.ABM_API_URL,
    auth,
    ...httpOptions(deps, { timeoutMs: 30_000, maxRetries: 4, retryBaseMs: 1_000 }),
    maxInlineWaitMs: deps.maxInlineWaitMs,
    // Apple does not publish a rate; unofficial SDKs observe ~100 requests/s. Four at a time is plenty here.
    concurrency: 4,
    mapError: mapAbmError,
  });
  return new AppleAbm(http, {
    defaultServerId: config.ABM_DEFAULT_MDM_SERVER_ID,
    logger: deps.logger,
    now: deps.now,
    activitySettleMs: deps.activitySettleMs ?? config.ABM_ACTIVITY_SETTLE,
  });
}
