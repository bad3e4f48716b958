// Wires the Jamf Pro adapter from config: OAuth client credentials at /api/oauth/token (cached until shortly
// before expiry, fetched again after a 401), one HttpClient capped at 5 concurrent connections.
import type { Config } from '../../../config/schema';
import { ValidationError } from '../../../errors';
import { bearerAuth, HttpClient } from '../../../http/client';
import { requestClientCredentialsToken } from '../../../http/oauth';
import { TokenCache } from '../../../http/token-cache';
import type { Logger } from '../../../log/logger';
import { registerSecrets } from '../../../log/scrub';
import type { MdmPort } from '../../../ports/mdm';
import { httpOptions, type HttpDeps } from '../../http-deps';
import { JAMF_MAX_CONNECTIONS, paths } from './calls';
import { mapJamfError } from './errors';
import { JamfMdm } from './jamf-mdm';

export { JamfMdm, JAMF_CAPABILITIES } from './jamf-mdm';

export interface JamfDeps extends HttpDeps {
  logger: Logger;
  /** clock for the token cache and handle timestamps (tests) */
  now?: () => number;
}

export function jamfTokenUrl(config: Pick<Config, 'JAMF_TOKEN_URL' | 'JAMF_URL'>): string {
  return config.JAMF_TOKEN_URL ?? `${(config.JAMF_URL ?? '').replace(/\/+$/, '')}/${paths.token}`;
}

export function createJamfMdm(config: Config, deps: JamfDeps): MdmPort {
  const missing = (['JAMF_URL', 'JAMF_CLIENT_ID', 'JAMF_CLIENT_SECRET'] as const).filter((k) => !config[k]);
  if (missing.length > 0) throw new ValidationError(`jamf: missing configuration: ${missing.join(', ')}`, { system: 'jamf' });
  const clientSecret = config.JAMF_CLIENT_SECRET!;
  registerSecrets([clientSecret]);
  const baseUrl = config.JAMF_URL!.replace(/\/+$/, '');
  const tokenUrl = jamfTokenUrl(config);
  const tokens = new TokenCache(
    () =>
      requestClientCredentialsToken({
        system: 'jamf',
        tokenUrl,
        form: { client_id: config.JAMF_CLIENT_ID!, client_secret: clientSecret, grant_type: 'client_credentials' },
      }),
    // Jamf tokens live a few minutes (expires_in ≈ 299 s by default): renew 30 s before the end
    30_000,
    deps.now,
  );
  const http = new HttpClient({
    system: 'jamf',
    baseUrl,
    auth: bearerAuth(tokens),
    mapError: mapJamfError,
    concurrency: JAMF_MAX_CONNECTIONS,
    ...httpOptions(deps),
    now: deps.now,
  });
  return new JamfMdm({
    source: 'jamf',
    http,
    logger: deps.logger,
    licenseTotal: config.JAMF_LICENSE_TOTAL,
    ensureToken: () => tokens.get(),
    now: deps.now,
  });
}
