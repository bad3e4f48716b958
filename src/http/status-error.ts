// The one mapping from an HTTP status to the port's typed errors. Vendor mappers build their own message
// (from the vendor's error body) and call this for the classification, so every vendor treats 429, 5xx, 404…
// the same way.
import {
  ConflictError,
  DeviceBotError,
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

export function errorForStatus(
  status: number,
  headers: Headers,
  message: string,
  details: ErrorDetails,
  missingPermission?: string,
): DeviceBotError {
  const retryAfterMs = parseRetryAfter(headers.get('retry-after'));
  const withStatus = { ...details, status };
  if (status === 429) return new ThrottledError(message, retryAfterMs, withStatus);
  if (status === 401) return new UnauthorizedError(message, withStatus);
  if (status === 403) return new ForbiddenError(message, missingPermission, withStatus);
  if (status === 404) return new NotFoundError(message, withStatus);
  if (status === 409) return new ConflictError(message, withStatus);
  if (status === 400 || status === 422) return new ValidationError(message, withStatus);
  if (status === 408 || status >= 500) return new TransientError(message, { ...withStatus, retryAfterMs });
  return new PermanentError(message, withStatus);
}
