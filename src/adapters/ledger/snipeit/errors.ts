// Snipe-IT's answers. Many failures come back as HTTP 200 with {"status":"error","messages":…,"payload":…}
// (Helper::formatStandardApiResponse): "messages" is a sentence, or for validation an object of field →
// [sentences]. HttpClient's checkSuccess turns them into typed errors.
import { ConflictError, NotFoundError, PermanentError, ValidationError, type DeviceBotError } from '../../../errors';
import type { HttpResponse } from '../../../http/client';
import { requestPath } from '../../../http/status-error';
import { scrub } from '../../../log/scrub';

export function snipeMessages(messages: unknown): string {
  if (typeof messages === 'string') return messages;
  if (messages && typeof messages === 'object') {
    return Object.entries(messages as Record<string, unknown>)
      .map(([field, m]) => `${field}: ${Array.isArray(m) ? m.join(' ') : String(m)}`)
      .join('; ');
  }
  return 'unknown error';
}

export function snipeCheckSuccess(res: HttpResponse): DeviceBotError | undefined {
  const body = res.body as { status?: string; messages?: unknown } | undefined;
  if (!body || typeof body !== 'object' || body.status !== 'error') return undefined;
  const text = snipeMessages(body.messages);
  const message = scrub(`snipeit: ${requestPath(res.url)}: ${text}`);
  const details = { system: 'snipeit', status: res.status };
  if (/does not exist|not found|no such/i.test(text)) return new NotFoundError(message, details);
  if (/not available for checkout|already checked (in|out)|must be unique|already been taken/i.test(text)) return new ConflictError(message, details);
  if (body.messages && typeof body.messages === 'object') return new ValidationError(message, details);
  if (/required|invalid|must be/i.test(text)) return new ValidationError(message, details);
  return new PermanentError(message, details);
}
