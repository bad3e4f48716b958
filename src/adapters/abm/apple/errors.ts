// ABM API error documents → the port's typed errors: the vendor's code and text in the message, the class by
// HTTP status (src/http/status-error.ts). A 403 names what the API account's role lacks (e.g. "Assign devices
// to device management services") when Apple says it in `detail`.
import type { DeviceBotError } from '../../../errors';
import type { HttpResponse } from '../../../http/client';
import { errorForStatus, requestPath } from '../../../http/status-error';
import { scrub } from '../../../log/scrub';
import { firstError } from './json-api';

export function mapAbmError(res: HttpResponse): DeviceBotError {
  const err = firstError(res.body);
  const text = err ? [err.code, err.title, err.detail].filter(Boolean).join(': ') : typeof res.body === 'string' ? res.body.slice(0, 200) : '';
  const message = scrub(`abm: ${requestPath(res.url)} answered ${res.status}${text ? ` (${text})` : ''}`);
  return errorForStatus(res.status, res.headers, message, { system: 'abm', code: err?.code }, err?.detail ?? 'ABM API account permissions');
}
