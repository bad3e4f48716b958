// Google API error bodies → the port's typed errors. Google answers every failure with
// {"error": {"code": 403, "message": "...", "status": "PERMISSION_DENIED", "details": [...]}}
// (google.rpc.Status, see https://cloud.google.com/apis/design/errors). The canonical status names the class;
// the HTTP status decides when the body has none (src/http/status-error.ts).
import type { DeviceBotError } from '../../../errors';
import type { HttpResponse } from '../../../http/client';
import { errorOfKind, kindOfStatus, type ErrorKind } from '../../../http/status-error';
import { scrub } from '../../../log/scrub';

export interface GoogleStatus {
  code?: number;
  message?: string;
  status?: string;
  details?: unknown[];
}

export const ANDROID_PERMISSION =
  'the service account needs the role "Android Management User" (roles/androidmanagement.user) in the enterprise\'s Google Cloud project';

/** google.rpc.Code names → our kinds. FAILED_PRECONDITION: the device is not in a state for this (e.g. the
 *  wrong management mode), a conflict with its state rather than a bad request. */
const KIND_OF_GOOGLE_STATUS: Record<string, ErrorKind> = {
  RESOURCE_EXHAUSTED: 'throttled',
  UNAUTHENTICATED: 'unauthorized',
  PERMISSION_DENIED: 'forbidden',
  NOT_FOUND: 'not_found',
  ALREADY_EXISTS: 'conflict',
  ABORTED: 'conflict',
  FAILED_PRECONDITION: 'conflict',
  INVALID_ARGUMENT: 'validation',
  OUT_OF_RANGE: 'validation',
  UNAVAILABLE: 'transient',
  INTERNAL: 'transient',
  DEADLINE_EXCEEDED: 'transient',
};

export function googleError(response: HttpResponse): DeviceBotError | undefined {
  const body = response.body as { error?: GoogleStatus } | undefined;
  const error = typeof body === 'object' && body && typeof body.error === 'object' ? body.error : undefined;
  const status = error?.status ?? '';
  const message = scrub(`android: ${response.status} ${status || 'error'}${error?.message ? `: ${error.message}` : ''}`);
  const kind = KIND_OF_GOOGLE_STATUS[status] ?? kindOfStatus(response.status);
  return errorOfKind(kind, response.status, response.headers, message, { system: 'android', code: status || undefined }, ANDROID_PERMISSION);
}
