// Exchanges a fresh client assertion for an access token (client_credentials grant, RFC 7523 client
// authentication) and caches it for its lifetime (Apple: expires_in 3600). Concurrent callers share one fetch.
import { ThrottledError, TransientError, UnauthorizedError } from '../../../errors';
import { HttpClient, bearerAuth, type AuthProvider } from '../../../http/client';
import { TokenCache } from '../../../http/token-cache';
import { parseRetryAfter } from '../../../http/retry-after';
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
  const http = new HttpClient({
    system: 'abm',
    baseUrl: options.tokenUrl,
    timeoutMs: deps.timeoutMs ?? 15_000,
    maxRetries: deps.maxRetries ?? 2,
    retryBaseMs: deps.retryBaseMs,
    sleep: deps.sleep,
    random: deps.random,
    logger: deps.logger,
    mapError: (res) => {
      const body = (typeof res.body === 'object' && res.body ? res.body : {}) as { error?: string; error_description?: string };
      if (res.status === 400 || res.status === 401) {
        // invalid_client: wrong client id / key id / key, or an assertion Apple rejects (clock skew, aud).
        return new UnauthorizedError(
          `abm: the token endpoint refused the credentials (${body.error ?? res.status})${body.error_description ? `: ${body.error_description.split('\n')[0]}` : ''}. Check ABM_CLIENT_ID, ABM_KEY_ID and the private key.`,
          { system: 'abm', status: res.status, code: body.error },
        );
      }
      if (res.status === 429) return new ThrottledError('abm: the token endpoint is throttling', parseRetryAfter(res.headers.get('retry-after')), { system: 'abm', status: 429 });
      if (res.status >= 500) return new TransientError(`abm: the token endpoint answered ${res.status}`, { system: 'abm', status: res.status });
      return undefined;
    },
  });
  const now = deps.now ?? (() => new Date());
  const cache = new TokenCache(
    async () => {
      const assertion = await createClientAssertion(options.credentials, options.audience, now());
      const res = await http.post<{ access_token?: string; expires_in?: number | string }>(options.tokenUrl, {
        anonymous: true,
        form: {
          grant_type: 'client_credentials',
          client_id: options.credentials.clientId,
          client_assertion_type: CLIENT_ASSERTION_TYPE,
          client_assertion: assertion,
          scope: options.scope,
        },
      });
      const token = res.body?.access_token;
      if (!token) throw new UnauthorizedError('abm: the token endpoint answered without an access_token', { system: 'abm', status: res.status });
      return { token, expiresInSec: Number(res.body.expires_in ?? 3600) };
    },
    60_000,
    () => now().getTime(),
  );
  return bearerAuth(cache);
}
