// Exchanges a fresh client assertion for an access token (client_credentials grant, RFC 7523 client
// authentication) and caches it for its lifetime (Apple: expires_in 3600). Concurrent callers share one fetch.
import { bearerAuth, type AuthProvider } from '../../../http/client';
import { requestClientCredentialsToken, tokenEndpointClient } from '../../../http/oauth';
import { TokenCache } from '../../../http/token-cache';
import { CLIENT_ASSERTION_TYPE, createClientAssertion } from './client-assertion';
import type { AbmCredentials } from './credentials';
import type { AbmHttpDeps } from './deps';

export interface AbmTokenOptions {
  tokenUrl: string;
  audience: string;
  scope: 'business.api' | 'school.api';
  credentials: AbmCredentials;
}

export function createAbmAuth(options: AbmTokenOptions, deps: AbmHttpDeps): AuthProvider {
  const http = tokenEndpointClient({
    ...deps,
    system: 'abm',
    tokenUrl: options.tokenUrl,
    // invalid_client: a wrong client id / key id / key, or an assertion Apple rejects (clock skew, aud)
    hint: 'Check ABM_CLIENT_ID, ABM_KEY_ID and the private key.',
  });
  const now = deps.now ?? (() => new Date());
  const cache = new TokenCache(
    async () =>
      requestClientCredentialsToken(
        {
          system: 'abm',
          tokenUrl: options.tokenUrl,
          form: {
            grant_type: 'client_credentials',
            client_id: options.credentials.clientId,
            client_assertion_type: CLIENT_ASSERTION_TYPE,
            client_assertion: await createClientAssertion(options.credentials, options.audience, now()),
            scope: options.scope,
          },
        },
        http,
      ),
    60_000,
    () => now().getTime(),
  );
  return bearerAuth(cache);
}
