// The one status → typed-error mapping every vendor shares: which class a status becomes, that the waits a
// vendor asks for travel with the retryable ones, and that error messages name a path, never a host or query.
import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PermanentError,
  ThrottledError,
  TransientError,
  UnauthorizedError,
  ValidationError,
} from '../../src/errors';
import { errorForStatus, errorOfKind, kindOfStatus, requestPath } from '../../src/http/status-error';

describe('status → typed error', () => {
  it('classifies every status the vendors answer', () => {
    const kinds = Object.fromEntries([400, 401, 403, 404, 408, 409, 410, 422, 429, 500, 503].map((s) => [s, kindOfStatus(s)]));
    expect(kinds).toEqual({
      400: 'validation',
      401: 'unauthorized',
      403: 'forbidden',
      404: 'not_found',
      408: 'transient',
      409: 'conflict',
      410: 'permanent',
      422: 'validation',
      429: 'throttled',
      500: 'transient',
      503: 'transient',
    });
  });

  it('builds the class of each kind, with the status and the vendor details', () => {
    const headers = new Headers();
    const classes = [
      [400, ValidationError],
      [401, UnauthorizedError],
      [403, ForbiddenError],
      [404, NotFoundError],
      [409, ConflictError],
      [418, PermanentError],
      [429, ThrottledError],
      [502, TransientError],
    ] as const;
    for (const [status, type] of classes) {
      const error = errorForStatus(status, headers, 'x: failed', { system: 'x', code: 'C' });
      expect(error).toBeInstanceOf(type);
      expect(error).toMatchObject({ system: 'x', status, code: 'C' });
    }
  });

  it('carries Retry-After on the retryable errors, and names the missing permission on a 403', () => {
    const headers = new Headers({ 'retry-after': '7' });
    expect(errorForStatus(429, headers, 'm', {}).retryAfterMs).toBe(7000);
    expect(errorForStatus(503, headers, 'm', {}).retryAfterMs).toBe(7000);
    expect((errorForStatus(403, headers, 'm', {}, 'Read Devices') as ForbiddenError).missingPermission).toBe('Read Devices');
    // a vendor that names the class itself (Google's "status") picks the kind; the status is still recorded
    const conflict = errorOfKind('conflict', 400, headers, 'm', { system: 'android' });
    expect(conflict).toBeInstanceOf(ConflictError);
    expect(conflict.status).toBe(400);
  });

  it('names the path of a request, never its host or query', () => {
    expect(requestPath('https://api.example.com/v1/orgDevices/ABC?token=secret')).toBe('/v1/orgDevices/ABC');
    expect(requestPath('not a url')).toBe('request');
  });
});
