// Google API error bodies → the port's typed errors. Google answers every failure with
// {"error": {"code": 403, "message": "...", "status": "PERMISSION_DENIED", "details": [...]}}
// (google.rpc.Status, see https://cloud.google.com/apis/design/errors).
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

export interface GoogleStatus {
  code?: number;
  message?: string;
  status?: string;
  details?: unknown[];
}

export const ANDROID_PERMISSION =
  'the service account needs the role "Android Management User" (roles/androidmanagement.user) in the enterprise\'s Google Cloud project';

export function googleError(response: HttpResponse): DeviceBotError | undefined {
  const body = response.body as { error?: GoogleStatus } | undefined;
  const error = typeof body === 'object' && body && typeof body.error === 'object' ? body.error : undefined;
  const status = error?.status ?? '';
  const message = scrub(`android: ${response.status} ${status || 'error'}${error?.message ? `: ${error.message}` : ''}`);
  const details = { system: 'android', status: response.status, code: status || undefined };
  if (response.status === 429 || status === 'RESOURCE_EXHAUSTED')
    return new ThrottledError(message, parseRetryAfter(response.headers.get('retry-after')), details);
  if (response.status === 401 || status === 'UNAUTHENTICATED') return new UnauthorizedError(message, details);
  if (response.status === 403 || status === 'PERMISSION_DENIED') return new ForbiddenError(message, ANDROID_PERMISSION, details);
  if (response.status === 404 || status === 'NOT_FOUND') return new NotFoundError(message, details);
  if (status === 'ALREADY_EXISTS' || status === 'ABORTED' || response.status === 409) return new ConflictError(message, details);
  // FAILED_PRECONDITION: the device is not in a state for this (e.g. wrong management mode).
  if (status === 'FAILED_PRECONDITION') return new ConflictError(message, details);
  if (response.status === 400 || status === 'INVALID_ARGUMENT' || status === 'OUT_OF_RANGE') return new ValidationError(message, details);
  if (response.status >= 500 || status === 'UNAVAILABLE' || status === 'INTERNAL' || status === 'DEADLINE_EXCEEDED')
    return new TransientError(message, { ...details, retryAfterMs: parseRetryAfter(response.headers.get('retry-after')) });
  return new PermanentError(message, details);
}
