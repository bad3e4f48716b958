// The one mapping from an HTTP status to the port's typed errors. Vendor mappers build their own message
// (from the vendor's error body) and call this for the classification, so every vendor treats 429, 5xx, 404…
// the same way. A vendor whose error body carries its own class (Google's "status": "NOT_FOUND", …) names the
// ErrorKind itself and lets `errorOfKind` build the error.
import {
  ConflictError,
  type DeviceBotError,
  ForbiddenError,
  NotFoundError,
  PermanentError,
  ThrottledError,
  TransientError,
  UnauthorizedError,
  ValidationError,
  type ErrorDetails,
} from '../errors';
import { parseRetryAfter } from './retry-after';

/** Which typed error a failure becomes. */
export type ErrorKind = 'throttled' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'validation' | 'transient' | 'permanent';

export function kindOfStatus(status: number): ErrorKind {
  if (status === 429) return 'throttled';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 400 || status === 422) return 'validation';
  if (status === 408 || status >= 500) return 'transient';
  return 'permanent';
}

/** The typed error of that kind. Throttled and transient errors carry the answer's Retry-After. */
export function errorOfKind(
  kind: ErrorKind,
  status: number,
  headers: Headers,
  message: string,
  details: ErrorDetails,
  missingPermission?: string,
): DeviceBotError {
  const retryAfterMs = parseRetryAfter(headers.get('retry-after'));
  const withStatus = { ...details, status };
  switch (kind) {
    case 'throttled':
      return new ThrottledError(message, retryAfterMs, withStatus);
    case 'unauthorized':
      return new UnauthorizedError(message, withStatus);
    case 'forbidden':
      return new ForbiddenError(message, missingPermission, withStatus);
    case 'not_found':
      return new NotFoundError(message, withStatus);
    case 'conflict':
      return new ConflictError(message, withStatus);
    case 'validation':
      return new ValidationError(message, withStatus);
    case 'transient':
      return new TransientError(message, { ...withStatus, retryAfterMs });
    case 'permanent':
      return new PermanentError(message, withStatus);
  }
}

export function errorForStatus(status: number, headers: Headers, message: string, details: ErrorDetails, missingPermission?: string): DeviceBotError {
  return errorOfKind(kindOfStatus(status), status, headers, message, details, missingPermission);
}

/** The path of a request URL, for error messages: never the host or the query (which can carry secrets). */
export function requestPath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return 'request';
  }
}
