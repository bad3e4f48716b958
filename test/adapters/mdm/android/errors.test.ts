// Google's error bodies → typed errors: the canonical status names the class (FAILED_PRECONDITION is a
// conflict with the device's state, not a bad request), the HTTP status decides when the body has none.
import { describe, expect, it } from 'vitest';
import { ANDROID_PERMISSION, googleError } from '../../../../src/adapters/mdm/android';
import { ConflictError, type ForbiddenError, NotFoundError, ThrottledError, TransientError, ValidationError } from '../../../../src/errors';

const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  headers: new Headers(headers),
  body,
  url: 'https://androidmanagement.googleapis.com/v1/x',
});
const google = (code: number, status: string, message = 'm') => ({ error: { code, message, status } });

describe('googleError', () => {
  it('maps Google statuses before HTTP statuses', () => {
    expect(googleError(answer(400, google(400, 'FAILED_PRECONDITION')))).toBeInstanceOf(ConflictError);
    expect(googleError(answer(400, google(400, 'INVALID_ARGUMENT')))).toBeInstanceOf(ValidationError);
    expect(googleError(answer(404, google(404, 'NOT_FOUND')))).toBeInstanceOf(NotFoundError);
    expect(googleError(answer(503, google(503, 'UNAVAILABLE')))).toBeInstanceOf(TransientError);
  });

  it('throttles with the Retry-After, names the role a 403 needs, and falls back to the HTTP status', () => {
    const throttled = googleError(answer(429, google(429, 'RESOURCE_EXHAUSTED'), { 'retry-after': '2' }));
    expect(throttled).toBeInstanceOf(ThrottledError);
    expect(throttled!.retryAfterMs).toBe(2000);
    const forbidden = googleError(answer(403, google(403, 'PERMISSION_DENIED')));
    expect((forbidden as ForbiddenError).missingPermission).toBe(ANDROID_PERMISSION);
    expect(googleError(answer(502, '<html>Bad Gateway</html>'))).toMatchObject({ status: 502, system: 'android', retryable: true });
    expect(googleError(answer(409, google(409, 'ABORTED')))!.message).toBe('android: 409 ABORTED: m');
  });
});
