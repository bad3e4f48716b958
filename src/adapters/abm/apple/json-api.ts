// JSON:API documents as the Apple Business Manager API sends them, and its error documents
// ({"errors":[{"id","status","code","title","detail"}]}, Apple's ErrorResponse) mapped into our typed errors.
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PermanentError,
  ThrottledError,
  TransientError,
  UnauthorizedError,
  ValidationError,
  type DeviceBotError,
} from '../../../errors';
import type { HttpResponse } from '../../../http/client';
import { parseRetryAfter } from '../../../http/retry-after';
import { scrub } from '../../../log/scrub';

export interface ResourceObject<A = Record<string, unknown>> {
  type: string;
  id: string;
  attributes?: A;
  relationships?: Record<string, unknown>;
  links?: Record<string, string>;
}

export interface Document<D> {
  data: D;
  links?: { self?: string; next?: string };
  meta?: { paging?: { limit?: number; nextCursor?: string; total?: number } };
}

export interface ApiError {
  id?: string;
  status?: string;
  code?: string;
  title?: string;
  detail?: string;
}

export function firstError(body: unknown): ApiError | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const errors = (body as { errors?: unknown }).errors;
  return Array.isArray(errors) && errors.length > 0 ? (errors[0] as ApiError) : undefined;
}

/** HttpClient mapError for the ABM API: the vendor's code and text in the message, our class by status. */
export function mapAbmError() {
  return (res: HttpResponse): DeviceBotError | undefined => {
    const what = pathOf(res.url);
    const err = firstError(res.body);
    const text = err ? [err.code, err.title, err.detail].filter(Boolean).join(': ') : typeof res.body === 'string' ? res.body.slice(0, 200) : '';
    const message = scrub(`abm: ${what} answered ${res.status}${text ? ` (${text})` : ''}`);
    const details = { system: 'abm', status: res.status, code: err?.code };
    const retryAfter = parseRetryAfter(res.headers.get('retry-after'));
    switch (true) {
      case res.status === 429:
        return new ThrottledError(message, retryAfter, details);
      case res.status === 401:
        return new UnauthorizedError(message, details);
      case res.status === 403:
        // The API account's role lacks a permission (e.g. "Assign devices to device management services").
        return new ForbiddenError(message, err?.detail ?? 'ABM API account permissions', details);
      case res.status === 404:
        return new NotFoundError(message, details);
      case res.status === 409:
        return new ConflictError(message, details);
      case res.status === 400 || res.status === 422:
        return new ValidationError(message, details);
      case res.status === 408 || res.status >= 500:
        return new TransientError(message, { ...details, retryAfterMs: retryAfter });
      default:
        return new PermanentError(message, details);
    }
  };
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return 'request';
  }
}
