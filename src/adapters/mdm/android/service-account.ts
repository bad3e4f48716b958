// Google service-account authentication for the Android Management API: a JWT signed with the account's
// RSA key (RS256, `kid` = private_key_id) is exchanged at the token endpoint for an access token
// (RFC 7523 JWT-bearer grant, as Google's "Using OAuth 2.0 for Server to Server Applications" describes).
import { readFileSync } from 'node:fs';
import { importPKCS8, SignJWT } from 'jose';
import { ValidationError } from '../../../errors';
import { requestClientCredentialsToken, tokenEndpointClient } from '../../../http/oauth';
import type { AccessToken } from '../../../http/token-cache';
import { registerSecrets } from '../../../log/scrub';

export const ANDROID_SCOPE = 'https://www.googleapis.com/auth/androidmanagement';
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export interface ServiceAccountKey {
  client_email: string;
  private_key: string;
  private_key_id?: string;
  token_uri?: string;
  project_id?: string;
}

/** Reads the key from ANDROID_SERVICE_ACCOUNT_JSON or ANDROID_SERVICE_ACCOUNT_FILE. Errors never quote it. */
export function loadServiceAccount(source: { json?: string; file?: string }): ServiceAccountKey {
  let text: string;
  if (source.json) text = source.json;
  else if (source.file) {
    try {
      text = readFileSync(source.file, 'utf8');
    } catch (error) {
      throw new ValidationError(`android: cannot read ANDROID_SERVICE_ACCOUNT_FILE (${source.file}): ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  } else
    throw new ValidationError('android: set ANDROID_SERVICE_ACCOUNT_FILE or ANDROID_SERVICE_ACCOUNT_JSON (a service account key of the enterprise project)');
  let parsed: Partial<ServiceAccountKey> & { type?: string };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    throw new ValidationError('android: the service account key is not valid JSON (download a JSON key for the service account)');
  }
  if (parsed.type !== undefined && parsed.type !== 'service_account')
    throw new ValidationError(`android: the key is of type "${parsed.type}", expected a service_account key`);
  if (!parsed.client_email || !parsed.private_key) throw new ValidationError('android: the service account key lacks client_email or private_key');
  registerSecrets([parsed.private_key]);
  return parsed as ServiceAccountKey;
}

export interface TokenDeps {
  tokenUrl: string;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** seconds since the epoch, for the JWT's iat/exp (tests) */
  nowSec?: () => number;
}

/** Returns a function that fetches a fresh access token (wrap it in a TokenCache). */
export function serviceAccountTokenFetcher(key: ServiceAccountKey, deps: TokenDeps): () => Promise<AccessToken> {
  let privateKey: ReturnType<typeof importPKCS8> | undefined;
  const http = tokenEndpointClient({
    system: 'android',
    tokenUrl: deps.tokenUrl,
    sleep: deps.sleep,
    random: deps.random,
    hint: 'Check the service account key (ANDROID_SERVICE_ACCOUNT_FILE or ANDROID_SERVICE_ACCOUNT_JSON) and its role in the enterprise project.',
  });
  return async () => {
    privateKey ??= importPKCS8(key.private_key, 'RS256').catch((error: unknown) => {
      privateKey = undefined;
      throw new ValidationError('android: the service account private_key is not a valid PKCS#8 RSA key', { cause: error });
    });
    const now = deps.nowSec?.() ?? Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({ scope: ANDROID_SCOPE })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...(key.private_key_id ? { kid: key.private_key_id } : {}) })
      .setIssuer(key.client_email)
      .setAudience(deps.tokenUrl)
      .setIssuedAt(now)
      // Google accepts at most one hour.
      .setExpirationTime(now + 3600)
      .sign(await privateKey);
    return requestClientCredentialsToken({ system: 'android', tokenUrl: deps.tokenUrl, form: { grant_type: JWT_BEARER_GRANT, assertion } }, http);
  };
}
