// Wires the Intune adapter from config: Entra ID client-credentials token (cached until shortly before expiry,
// fetched again after a 401), one HttpClient with Graph's error mapping and Intune's write cap.
import type { Config } from '../../../config/schema';
import { ValidationError } from '../../../errors';
import { bearerAuth, HttpClient } from '../../../http/client';
import { requestClientCredentialsToken } from '../../../http/oauth';
import { TokenCache } from '../../../http/token-cache';
import type { Logger } from '../../../log/logger';
import { registerSecrets } from '../../../log/scrub';
import type { MdmPort } from '../../../ports/mdm';
import { httpOptions, type HttpDeps } from '../../http-deps';
import { mapGraphError } from './errors';
import { IntuneMdm } from './intune-mdm';

export { IntuneMdm, INTUNE_CAPABILITIES } from './intune-mdm';

export interface IntuneDeps extends HttpDeps {
  logger: Logger;
  /** clock for the write cap, the token cache and handle timestamps (tests) */
  now?: () => number;
}

/**
 * Intune's documented limit for device actions is 200 writes per 20 seconds per tenant (Graph throttling
 * guidance for Intune); staying under it client-side avoids 429 storms during bulk offboarding.
 */
export const INTUNE_WRITE_LIMIT = { limit: 200, windowMs: 20_000 };

export function intuneTokenUrl(config: Pick<Config, 'INTUNE_TOKEN_URL' | 'INTUNE_TENANT_ID'>): string {
  return config.INTUNE_TOKEN_URL ?? `https://login.microsoftonline.com/${encodeURIComponent(config.INTUNE_TENANT_ID ?? '')}/oauth2/v2.0/token`;
}

export function createIntuneMdm(config: Config, deps: IntuneDeps): MdmPort {
  const missing = (['INTUNE_TENANT_ID', 'INTUNE_CLIENT_ID', 'INTUNE_CLIENT_SECRET'] as const).filter((k) => !config[k]);
  if (missing.length > 0) throw new ValidationError(`intune: missing configuration: ${missing.join(', ')}`, { system: 'intune' });
  const clientSecret = config.INTUNE_CLIENT_SECRET!;
  registerSecrets([clientSecret]);
  const graphUrl = config.INTUNE_GRAPH_URL.replace(/\/+$/, '');
  const tokenUrl = intuneTokenUrl(config);
  // The ".default" scope of the Graph host the tenant lives in (national clouds have their own host).
  const scope = `${new URL(graphUrl).origin}/.default`;
  const tokens = new TokenCache(
    () =>
      requestClientCredentialsToken({
        system: 'intune',
        tokenUrl,
        form: { client_id: config.INTUNE_CLIENT_ID!, client_secret: clientSecret, scope, grant_type: 'client_credentials' },
      }),
    60_000,
    deps.now,
  );
  const http = new HttpClient({
    system: 'intune',
    baseUrl: graphUrl,
    auth: bearerAuth(tokens),
    mapError: mapGraphError,
    writeRateLimit: INTUNE_WRITE_LIMIT,
    concurrency: 8,
    ...httpOptions(deps),
    now: deps.now,
  });
  return new IntuneMdm({
    source: 'intune',
    graphUrl,
    http,
    logger: deps.logger,
    licenseTotal: config.INTUNE_LICENSE_TOTAL,
    now: deps.now,
  });
}
