// Links a vendor hands back are followed with our credentials: only to the configured origin (or one the caller
// names). Scheme, host and port all count; a relative link resolves against the service.
import { describe, expect, it } from 'vitest';
import { PermanentError } from '../../src/errors';
import { sameOriginLink } from '../../src/http/same-origin';

const BASE = 'https://graph.microsoft.com/v1.0/deviceManagement/managedDevices';

describe('sameOriginLink', () => {
  it('follows absolute and relative links on the same origin', () => {
    expect(sameOriginLink('https://graph.microsoft.com/v1.0/deviceManagement/managedDevices?$skiptoken=X', BASE, 'intune')).toBe(
      'https://graph.microsoft.com/v1.0/deviceManagement/managedDevices?$skiptoken=X',
    );
    expect(sameOriginLink('/v1/mdmServers?cursor=abc', 'https://api-business.apple.com/v1/', 'abm')).toBe(
      'https://api-business.apple.com/v1/mdmServers?cursor=abc',
    );
    expect(sameOriginLink('https://files.slack.com/files-pri/T1-F1/download/a.csv', 'https://slack.com/api/', 'slack', ['https://files.slack.com'])).toBe(
      'https://files.slack.com/files-pri/T1-F1/download/a.csv',
    );
  });

  it.each([
    ['another host', 'https://attacker.example/v1.0/x?$skiptoken=1', 'https://attacker.example'],
    ['a downgrade to http', 'http://graph.microsoft.com/v1.0/x', 'http://graph.microsoft.com'],
    ['another port', 'https://graph.microsoft.com:8443/v1.0/x', 'https://graph.microsoft.com:8443'],
    ['a look-alike host', 'https://graph.microsoft.com.attacker.example/v1.0/x', 'https://graph.microsoft.com.attacker.example'],
    ['credentials in the authority', 'https://graph.microsoft.com@attacker.example/v1.0/x', 'https://attacker.example'],
  ])('refuses %s, naming the origin but never the link', (_what, link, origin) => {
    let error: unknown;
    try {
      sameOriginLink(link, BASE, 'intune');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as Error).message).toBe(
      `intune: refusing to follow a link to another host (${origin}); credentials are only sent to https://graph.microsoft.com`,
    );
    expect((error as Error).message).not.toContain('skiptoken');
  });

  it('refuses a link that is not a URL', () => {
    expect(() => sameOriginLink('http://[bad', BASE, 'abm')).toThrow(/not a URL/);
  });
});
