// The typed errors: the two questions the engine and the HTTP client ask of an error (retry it? after how
// long?), and what a log line or a Slack message shows of it (name, message).
import { describe, expect, it } from 'vitest';
import {
  BlockedError,
  ConflictError,
  DeviceBotError,
  errorMessage,
  ForbiddenError,
  isRetryable,
  NotFoundError,
  PermanentError,
  retryAfterOf,
  ThrottledError,
  TransientError,
  UnauthorizedError,
  ValidationError,
} from '../../src/errors';

describe('typed errors', () => {
  const cases: [DeviceBotError, string, boolean][] = [
    [new NotFoundError('no such device'), 'not_found', false],
    [new UnauthorizedError('token refused'), 'unauthorized', false],
    [new ForbiddenError('missing scope', 'DeviceManagementManagedDevices.ReadWrite.All'), 'forbidden', false],
    [new ThrottledError('slow down', 30_000), 'throttled', true],
    [new ConflictError('a sync is running'), 'conflict', false],
    [new BlockedError('lost mode is on', 'lost_mode'), 'blocked', false],
    [new TransientError('503'), 'transient', true],
    [new PermanentError('cannot do it by API'), 'permanent', false],
    [new ValidationError('bad input'), 'validation', false],
  ];

  it.each(cases)('%s is kind %s, retryable %s, and named after its class', (error, kind, retryable) => {
    expect(error).toBeInstanceOf(DeviceBotError);
    expect(error).toBeInstanceOf(Error);
    expect(error.kind).toBe(kind);
    expect(error.retryable).toBe(retryable);
    expect(isRetryable(error)).toBe(retryable);
    expect(error.name).toBe(error.constructor.name);
    expect(error.name).toMatch(/^[A-Z][a-zA-Z]+Error$/);
  });

  it('carries what the admin needs: the missing permission, the block reason, the vendor details', () => {
    const forbidden = new ForbiddenError('missing scope', 'Group.Read.All', { system: 'intune', status: 403, code: 'Authorization_RequestDenied' });
    expect(forbidden).toMatchObject({ missingPermission: 'Group.Read.All', system: 'intune', status: 403, code: 'Authorization_RequestDenied' });
    expect(new BlockedError('VPP licences left', 'vpp_licenses').reason).toBe('vpp_licenses');
    const cause = new Error('socket hang up');
    expect(new TransientError('jamf did not answer', { cause }).cause).toBe(cause);
  });

  it('says how long to wait when the vendor said so, and nothing for other errors', () => {
    expect(retryAfterOf(new ThrottledError('429', 30_000))).toBe(30_000);
    expect(retryAfterOf(new TransientError('503', { retryAfterMs: 5_000 }))).toBe(5_000);
    expect(retryAfterOf(new TransientError('timeout'))).toBeUndefined();
    expect(retryAfterOf(new Error('plain'))).toBeUndefined();
  });

  it('never retries an error that is not ours (a bug: a human looks first)', () => {
    expect(isRetryable(new TypeError('x is undefined'))).toBe(false);
    expect(isRetryable('a string')).toBe(false);
    expect(errorMessage(new TypeError('x is undefined'))).toBe('x is undefined');
    expect(errorMessage('a string')).toBe('a string');
  });
});
