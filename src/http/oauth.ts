// OAuth 2.0 client-credentials token requests (RFC 6749 §4.4), shared by Intune (Entra ID), Jamf Pro and
// ABM (with a client assertion). The vendor adapters pass the exact form fields their documents require.
import { UnauthorizedError } from '../errors';
import type { AccessToken } from './token-cache';
import { HttpClient } from './client';

export interface TokenRequest {
  system: string;
  tokenUrl: string;
  form: Record<string, string>;
  timeoutMs?: number;
}

/** POSTs the form to the token endpoint; maps 400/401 to UnauthorizedError with the OAuth error code. */
export async function requestClientCredentialsToken(req: TokenRequest, http?: HttpClient): Promise<AccessToken> {
  const client =
    http ??
    new HttpClient({
      system: req.system,
      baseUrl: req.tokenUrl,
      timeoutMs: req.timeoutMs ?? 15_000,
      maxRetries: 2,
      mapError: (res) => {
        if (res.status === 400 || res.status === 401) {
          const body = res.body as { error?: string; error_description?: string } | string;
          const code = typeof body === 'object' && body ? body.error : undefined;
          const description = typeof body === 'object' && body ? body.error_description : undefined;
          return new UnauthorizedError(
            `${req.system}: the token endpoint refused the credentials (${code ?? res.status})${description ? `: ${description.split('\n')[0]}` : ''}`,
            { system: req.system, status: res.status, code },
          );
        }
        return undefined;
      },
    });
  const res = await client.post<{ access_token?: string; expires_in?: number | string }>(req.tokenUrl, { form: req.form, anonymous: true });
  const token = res.body?.access_token;
  if (!token) throw new UnauthorizedError(`${req.system}: the token endpoint answered without an access_token`, { system: req.system, status: res.status });
  return { token, expiresInSec: Number(res.body.expires_in ?? 3600) };
}
