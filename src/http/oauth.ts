// Token endpoint requests, shared by every vendor that hands out bearer tokens: Intune (Entra ID), Jamf Pro,
// ABM (with a client assertion), Android (a JWT-bearer grant) and Josys (its own JSON grant). The vendor
// adapters pass the exact fields their documents require; this module posts them, reads the token and its
// lifetime, and reports a refused grant as UnauthorizedError naming the OAuth error code (RFC 6749 §5.2).
import { UnauthorizedError, type DeviceBotError } from '../errors';
import type { Logger } from '../log/logger';
import type { AccessToken } from './token-cache';
import { HttpClient, type HttpResponse } from './client';

export interface TokenRequest {
  system: string;
  tokenUrl: string;
  /** the grant as a form (RFC 6749 §4.4, RFC 7523) */
  form?: Record<string, string>;
  /** or as JSON, for vendors that take it so (Josys) */
  json?: Record<string, string>;
  /** the answer's fields that may hold the token, first found wins (default: access_token) */
  tokenFields?: string[];
  timeoutMs?: number;
}

export interface TokenClientOptions {
  system: string;
  tokenUrl: string;
  /** what to check when the endpoint refuses the credentials, e.g. "Check ABM_CLIENT_ID, …" */
  hint?: string;
  /** the statuses that mean "refused" (RFC 6749: 400 and 401; Josys also answers 403) */
  refused?: number[];
  timeoutMs?: number;
  maxRetries?: number;
  retryBaseMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  logger?: Logger;
}

/** The HttpClient for a token endpoint: short timeout, two retries, refusals mapped by `refusedGrantError`. */
export function tokenEndpointClient(options: TokenClientOptions): HttpClient {
  return new HttpClient({
    system: options.system,
    baseUrl: options.tokenUrl,
    timeoutMs: options.timeoutMs ?? 15_000,
    maxRetries: options.maxRetries ?? 2,
    retryBaseMs: options.retryBaseMs,
    sleep: options.sleep,
    random: options.random,
    logger: options.logger,
    mapError: refusedGrantError(options.system, options.hint, options.refused),
  });
}

/** A refused grant → UnauthorizedError with the OAuth `error` code and the first line of its description;
 *  any other failure is left to the default mapping by status (429 throttled, 5xx transient, …). */
export function refusedGrantError(system: string, hint?: string, refused: number[] = [400, 401]) {
  return (res: HttpResponse): DeviceBotError | undefined => {
    if (!refused.includes(res.status)) return undefined;
    const body = typeof res.body === 'object' && res.body ? (res.body as { error?: string; error_description?: string }) : {};
    const description = body.error_description?.split('\n')[0];
    const refusal = `${system}: the token endpoint refused the credentials (${body.error ?? res.status})${description ? `: ${description}` : ''}`;
    const message = hint ? `${refusal}${/[.!?]$/.test(refusal) ? '' : '.'} ${hint}` : refusal;
    return new UnauthorizedError(message, { system, status: res.status, code: body.error });
  };
}

/** POSTs the grant to the token endpoint and returns the token with its lifetime (expires_in, default 1 h). */
export async function requestClientCredentialsToken(req: TokenRequest, http?: HttpClient): Promise<AccessToken> {
  const client = http ?? tokenEndpointClient({ system: req.system, tokenUrl: req.tokenUrl, timeoutMs: req.timeoutMs });
  const res = await client.post<Record<string, unknown>>(req.tokenUrl, {
    ...(req.json ? { json: req.json } : { form: req.form ?? {} }),
    anonymous: true,
    // a token request changes nothing: safe to send again
    idempotent: true,
  });
  const fields = req.tokenFields ?? ['access_token'];
  const token = fields.map((f) => res.body?.[f]).find((v): v is string => typeof v === 'string' && v !== '');
  if (!token)
    throw new UnauthorizedError(`${req.system}: the token endpoint answered without ${fields.map((f) => `an ${f}`).join(' or ')}`, {
      system: req.system,
      status: res.status,
    });
  return { token, expiresInSec: Number(res.body.expires_in ?? 3600) };
}
