// Josys API token: POST {JOSYS_TOKEN_URL} with the API user key and secret as JSON; the answer's id_token is
// the bearer token. Cached for expires_in when Josys says it, else an hour; a 401 fetches a new one.
import { bearerAuth, type AuthProvider } from '../../../http/client';
import { requestClientCredentialsToken, tokenEndpointClient } from '../../../http/oauth';
import { TokenCache } from '../../../http/token-cache';
import type { JosysDeps } from './deps';

export function createJosysAuth(tokenUrl: string, key: string, secret: string, deps: JosysDeps): AuthProvider {
  const http = tokenEndpointClient({
    ...deps,
    system: 'josys',
    tokenUrl,
    hint: 'Check JOSYS_API_USER_KEY and JOSYS_API_SECRET.',
    refused: [400, 401, 403],
  });
  const json = { grant_type: 'client_credentials', api_user_key: key, api_user_secret: secret };
  const cache = new TokenCache(() => requestClientCredentialsToken({ system: 'josys', tokenUrl, json, tokenFields: ['id_token', 'access_token'] }, http));
  return bearerAuth(cache);
}
