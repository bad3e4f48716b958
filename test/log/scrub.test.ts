// What the scrubber removes from any text before it is logged, stored (a step's lastError, an audit row) or
// posted to Slack: registered secret values in every form they travel in, and whatever follows a credential key
// in JSON (also JSON inside JSON), forms, query strings, headers and logged objects — while the words around
// them, and keys that only look alike, stay readable.
import { describe, expect, it } from 'vitest';
import { errorMessage, PermanentError } from '../../src/errors';
import { registerSecrets, scrub, scrubValue } from '../../src/log/scrub';

describe('scrub', () => {
  it.each([
    ['a vendor 500 body', '{"error":"boom","token":"tok-123456","api_key":"key-abcdef","id_token":"eyJ.a.b"}', ['tok-123456', 'key-abcdef', 'eyJ.a.b']],
    [
      'OAuth answers',
      '{"access_token":"at-1","refresh_token":"rt-2","client_secret":"cs 3 with spaces","token_type":"Bearer"}',
      ['at-1', 'rt-2', 'cs 3 with spaces'],
    ],
    ['camel-case and header-style keys', '{"apiKey":"ak-9","X-Api-Key":"xk-8","password":"pw\\"quoted"}', ['ak-9', 'xk-8', 'pw\\"quoted']],
    ['JSON inside a JSON string', '{"body":"{\\"token\\":\\"inner-777\\",\\"ok\\":false}"}', ['inner-777']],
    [
      'a form body and a query string',
      'grant_type=refresh_token&refresh_token=form-rt-1&client_secret=form-cs-2 GET /x?api_key=q-key-3&page=2',
      ['form-rt-1', 'form-cs-2', 'q-key-3'],
    ],
    [
      'header lines',
      'X-Api-Key: hdr-key-1\nAuthorization: Basic dXNlcjpwYXNzd29yZA==\nauthorization: Bearer abcdefghijklmnop',
      ['hdr-key-1', 'dXNlcjpwYXNzd29yZA==', 'abcdefghijklmnop'],
    ],
    ['a logged object', "{ token: 'obj-tok-1', password: 12345678 }", ['obj-tok-1', '12345678']],
    [
      'credential shapes without keys',
      'xoxb-1-2-abcdef xoxe-1-abcdefgh xapp-1-A1-abcdef eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl https://bot:pa55word@db:5432/x',
      ['xoxb-1-2-abcdef', 'xoxe-1-abcdefgh', 'xapp-1-A1-abcdef', 'eyJzdWIiOiJ4In0', 'pa55word'],
    ],
  ])('removes credentials from %s', (_what, text, secrets) => {
    const out = scrub(text);
    for (const s of secrets) expect(out).not.toContain(s);
    expect(out).toContain('[redacted]');
  });

  it('keeps what only looks like a credential key, and config errors that name a variable', () => {
    expect(scrub('{"tokenCount":5,"token_type":"Bearer","key":"wipe-1","keyId":"kid-1"}')).toBe(
      '{"tokenCount":5,"token_type":"Bearer","key":"wipe-1","keyId":"kid-1"}',
    );
    expect(scrub('SLACK_BOT_TOKEN: expected a bot token starting with xoxb-')).toBe('SLACK_BOT_TOKEN: expected a bot token starting with xoxb-');
    expect(scrub('SLACK_BOT_TOKEN=leaked-value')).toBe('SLACK_BOT_TOKEN=[redacted]');
  });

  it('removes a registered secret as written, inside JSON, percent-encoded and with \\n escapes', () => {
    const secret = 'p@ss w/"rd&\nline2';
    registerSecrets([secret]);
    for (const form of [secret, JSON.stringify(secret), encodeURIComponent(secret), secret.replace(/\n/g, '\\n')])
      expect(scrub(`before ${form} after`)).toMatch(/^before "?\[redacted\]"? after$/);
  });

  it('scrubs every string of a value, and every error message the engine or Slack shows (not only HTTP errors)', () => {
    registerSecrets(['value-canary-0042']);
    expect(scrubValue({ a: ['x value-canary-0042'], b: { token: 'n' }, c: 1 })).toEqual({ a: ['x [redacted]'], b: { token: 'n' }, c: 1 });
    expect(errorMessage(new Error('connect failed for https://u:value-canary-0042@host'))).not.toContain('value-canary-0042');
    expect(errorMessage(new PermanentError('vendor said {"api_key":"k-1"}'))).toBe('vendor said {"api_key":"[redacted]"}');
    expect(errorMessage('thrown string token=t-1')).toBe('thrown string token=[redacted]');
  });
});
