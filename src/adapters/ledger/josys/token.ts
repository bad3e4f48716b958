// Josys API token: POST {JOSYS_TOKEN_URL} with the API user key and secret as JSON; the answer's id_token is
// the bearer token. Cached for expires_in when Josys says it, else an hour; a 401 fetches a new one.
import { UnauthorizedError } from '../../../errors';
import { HttpClient, bearerAuth, type AuthProvider } from '../../../http/client';
import { TokenCache } from '../../../http/token-cache';
import type { JosysDeps } from './deps';

export function createJosysAuth(tokenUrl: string, key: string, secret: string, deps: JosysDeps): AuthProvider {
  const http = new HttpClient({
    system: 'josys',
    baseUrl: tokenUrl,
    timeoutMs: deps.timeoutMs ?? 15_000,
    maxRetries: deps.maxRetries ?? 2,
    retryBaseMs: deps.retryBaseMs,
    sleep: deps.sleep,
    random: deps.random,
    logger: deps.logger,
    mapError: (res) =>
      res.status === 400 || res.status === 401 || res.status === 403
        ? new UnauthorizedError(`josys: the token endpoint refused the API user key/secret (${res.status}). Check JOSYS_API_USER_KEY and JOSYS_API_SECRET.`, { system: 'josys', status: res.status })
        : undefined,
  });
  const cache = new TokenCache(async () => {
    const res = await http.post<{ id_token?: string; access_token?: string; expires_in?: number | string }>(tokenUrl, {
      anonymous: true,
      json: { grant_type: 'client_credentials', api_user_key: key, api_user_secret: secret },
    });
    const token = res.body?.id_token ?? res.body?.access_token;
    if (!token) throw new UnauthorizedError('josys: the token endpoint answered without a token', { system: 'josys', status: res.status });
    return { token, expiresInSec: Number(res.body.expires_in ?? 3600) };
  });
  return bearerAuth(cache);
}
