import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppleAbm } from '../../../../src/adapters/abm/apple';
import { createLogger } from '../../../../src/log/logger';
import type { AppleAbmConfig } from '../../../../src/config/sections/apple-abm';
import { ConflictError, ForbiddenError, NotFoundError, ThrottledError, UnauthorizedError, ValidationError } from '../../../../src/errors';
import type { AbmActivity, AbmActivityRequest, AbmPort } from '../../../../src/ports/abm';
import { APPLE_AUDIENCE, FakeAbmServer } from './fake-abm-server';
import { recordedWaits } from '../../support';

const CLIENT_ID = 'BUSINESSAPI.9703f56c-10ce-4876-8f59-e78e5e23a152';
const KEY_ID = 'd136aa66-0c3b-4bd4-9892-c20e8db024ab';

function keyPair(): { privatePem: string; sec1Pem: string; publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    sec1Pem: privateKey.export({ type: 'sec1', format: 'pem' }).toString(),
    publicKey,
  };
}

describe('Apple Business Manager API adapter', () => {
  let keys: ReturnType<typeof keyPair>;
  let fake: FakeAbmServer;
  let sleeps: number[];
  let abm: AbmPort;

  const config = (over: Partial<AppleAbmConfig> = {}): AppleAbmConfig => ({
    ABM_API_URL: fake.url,
    ABM_TOKEN_URL: fake.tokenUrl,
    ABM_TOKEN_AUDIENCE: APPLE_AUDIENCE,
    ABM_CLIENT_ID: CLIENT_ID,
    ABM_KEY_ID: KEY_ID,
    ABM_PRIVATE_KEY: keys.privatePem,
    ABM_PRIVATE_KEY_FILE: undefined,
    ABM_SCOPE: 'business.api',
    ABM_DEFAULT_MDM_SERVER_ID: undefined,
    ...over,
  });
  const deps = () => ({ ...recordedWaits(sleeps) });

  beforeEach(async () => {
    keys = keyPair();
    fake = await FakeAbmServer.start({ publicKey: keys.publicKey, clientId: CLIENT_ID, keyId: KEY_ID, activityPolls: 3 });
    fake.addServer({ id: 'SRV-MDM', name: 'Jamf Pro 本番', defaultProductFamilies: ['IPHONE', 'IPAD'] });
    fake.addServer({ id: 'SRV-CFG', name: 'Apple Configurator' });
    fake.addDevice({ serial: 'F17ZX1ABC', serverId: 'SRV-MDM', model: 'iPhone 15 Pro' });
    fake.addDevice({ serial: 'F17ZX2DEF' });
    sleeps = [];
    abm = createAppleAbm(config(), deps());
  });
  afterEach(async () => fake.close());

  describe('authentication', () => {
    it('exchanges an ES256 client assertion for a token once and reuses it while valid', async () => {
      await abm.getDeviceBySerial('F17ZX1ABC');
      await abm.getDeviceBySerial('F17ZX2DEF');
      await abm.listMdmServers();
      expect(fake.tokens.issued).toHaveLength(1);
      const [tokenRequest] = fake.http.received('/auth/oauth2/token', 'POST');
      const form = tokenRequest!.body as Record<string, string>;
      expect(form).toMatchObject({
        grant_type: 'client_credentials',
        client_id: CLIENT_ID,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        scope: 'business.api',
      });
      // every API call carried the bearer token the fake issued
      const apiCalls = fake.requests.filter((r) => r.path.startsWith('/v1/'));
      expect(apiCalls.length).toBeGreaterThanOrEqual(3);
      expect(apiCalls.every((r) => /^Bearer abm-token-/.test(r.headers.authorization ?? ''))).toBe(true);
    });

    it('accepts the SEC1 key form ABM downloads, read from ABM_PRIVATE_KEY_FILE', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'abm-key-'));
      const file = join(dir, 'key.pem');
      writeFileSync(file, keys.sec1Pem);
      const fromFile = createAppleAbm(config({ ABM_PRIVATE_KEY: undefined, ABM_PRIVATE_KEY_FILE: file }), deps());
      expect((await fromFile.getDeviceBySerial('F17ZX1ABC'))?.serial).toBe('F17ZX1ABC');
    });

    it('accepts a key written on one line with \\n escapes, as .env files carry it', async () => {
      const oneLine = createAppleAbm(config({ ABM_PRIVATE_KEY: keys.privatePem.replace(/\n/g, '\\n') }), deps());
      expect(await oneLine.getDeviceBySerial('F17ZX2DEF')).not.toBeNull();
    });

    it('keeps the token for its lifetime (expires_in) and fetches a new one before it runs out', async () => {
      let clock = Date.now();
      const timed = createAppleAbm(config(), { ...deps(), now: () => new Date(clock) });
      await timed.getDeviceBySerial('F17ZX1ABC');
      clock += 3_500_000; // 58 min 20 s: more than a minute before expiry
      await timed.getDeviceBySerial('F17ZX1ABC');
      expect(fake.tokens.issued).toHaveLength(1);
      clock += 60_000; // 59 min 20 s: within a minute of expiry
      await timed.getDeviceBySerial('F17ZX1ABC');
      expect(fake.tokens.issued).toHaveLength(2);
    });

    it('fetches a new token after a 401 (revoked or expired token)', async () => {
      await abm.getDeviceBySerial('F17ZX1ABC');
      fake.revokeTokens();
      const device = await abm.getDeviceBySerial('F17ZX1ABC');
      expect(device?.status).toBe('ASSIGNED');
      expect(fake.tokens.issued).toHaveLength(2);
    });

    it('a key the account does not know is refused with UnauthorizedError that leaks no key material', async () => {
      const other = keyPair();
      const wrong = createAppleAbm(config({ ABM_PRIVATE_KEY: other.privatePem }), deps());
      const error = await wrong.getDeviceBySerial('F17ZX1ABC').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnauthorizedError);
      expect((error as Error).message).toMatch(/invalid_client/);
      expect((error as Error).message).not.toMatch(/PRIVATE KEY|eyJ/);
    });

    it('logs nothing secret: no private key, client assertion or access token', async () => {
      const lines: string[] = [];
      const logger = createLogger({ level: 'debug', sink: (line) => lines.push(line) });
      const logged = createAppleAbm(config(), { ...deps(), logger });
      fake.failNext({ path: '/v1/orgDevices/F17ZX1ABC', status: 500, body: { errors: [{ status: '500', code: 'INTERNAL_ERROR' }] } });
      await logged.getDeviceBySerial('F17ZX1ABC');
      await logged.assign(['F17ZX2DEF'], 'SRV-MDM', 'k-log');
      const text = lines.join('\n');
      expect(lines.length).toBeGreaterThan(3);
      const assertion = (fake.http.received('/auth/oauth2/token').at(-1)!.body as Record<string, string>).client_assertion!;
      const token = fake.requests.find((r) => r.path.startsWith('/v1/'))!.headers.authorization!.slice(7);
      for (const secret of [assertion, token, keys.privatePem.split('\n')[1]!]) expect(text).not.toContain(secret);
    });

    it('Apple School Manager works by configuration alone (scope school.api)', async () => {
      const asm = await FakeAbmServer.start({ publicKey: keys.publicKey, clientId: CLIENT_ID, keyId: KEY_ID, scope: 'school.api' });
      try {
        asm.addDevice({ serial: 'DMPSCHOOL1' });
        const port = createAppleAbm(config({ ABM_API_URL: asm.url, ABM_TOKEN_URL: asm.tokenUrl, ABM_SCOPE: 'school.api' }), deps());
        expect((await port.getDeviceBySerial('DMPSCHOOL1'))?.serial).toBe('DMPSCHOOL1');
        expect((asm.http.received('/auth/oauth2/token')[0]!.body as Record<string, string>).scope).toBe('school.api');
      } finally {
        await asm.close();
      }
    });

    it('names every missing variable at construction', () => {
      expect(() => createAppleAbm(config({ ABM_CLIENT_ID: undefined, ABM_KEY_ID: undefined, ABM_PRIVATE_KEY: undefined }))).toThrow(
        /ABM_CLIENT_ID, ABM_KEY_ID, ABM_PRIVATE_KEY or ABM_PRIVATE_KEY_FILE/,
      );
      expect(() => createAppleAbm(config({ ABM_PRIVATE_KEY: 'not a key' }))).toThrow(ValidationError);
    });
  });

  describe('devices and servers', () => {
    it('reads a device by serial, and null for a serial not in the organisation', async () => {
      const device = await abm.getDeviceBySerial('F17ZX1ABC');
      expect(device).toMatchObject({
        id: 'F17ZX1ABC',
        serial: 'F17ZX1ABC',
        model: 'iPhone 15 Pro',
        productFamily: 'iPhone',
        status: 'ASSIGNED',
        releasedAt: null,
      });
      expect(device!.addedAt).toEqual(new Date('2025-04-01T00:00:00.000Z'));
      expect(await abm.getDeviceBySerial('NOPE0000')).toBeNull();
    });

    it('reads the assigned server, null when unassigned or unknown', async () => {
      expect(await abm.getAssignedServer('F17ZX1ABC')).toMatchObject({ id: 'SRV-MDM', name: 'Jamf Pro 本番', isDefault: true });
      expect(await abm.getAssignedServer('F17ZX2DEF')).toBeNull();
      expect(await abm.getAssignedServer('NOPE0000')).toBeNull();
    });

    it('follows links.next through every page of servers', async () => {
      for (let i = 0; i < 130; i++) fake.addServer({ id: `SRV-${i}`, name: `Server ${i}` });
      const servers = await abm.listMdmServers();
      expect(servers).toHaveLength(132);
      expect(new Set(servers.map((s) => s.id)).size).toBe(132);
      const calls = fake.http.received('/v1/mdmServers', 'GET');
      expect(calls).toHaveLength(2);
      expect(calls[1]!.query.get('cursor')).toBeTruthy();
    });

    it('refuses to send the token to a links.next on another host (issue 14)', async () => {
      fake.http.failNext({ status: 200, path: '/v1/mdmServers', body: { data: [], links: { next: 'https://attacker.example/v1/mdmServers?cursor=abc' } } });
      await expect(abm.listMdmServers()).rejects.toThrow(/refusing to follow a link to another host \(https:\/\/attacker\.example\)/);
      expect(fake.http.received('/v1/mdmServers', 'GET')).toHaveLength(1);
    });

    it('picks the default server from defaultProductFamilies, or the configured one, or none', async () => {
      expect((await abm.defaultMdmServer())?.id).toBe('SRV-MDM');
      const configured = createAppleAbm(config({ ABM_DEFAULT_MDM_SERVER_ID: 'SRV-CFG' }), deps());
      expect((await configured.defaultMdmServer())?.id).toBe('SRV-CFG');
      const missing = createAppleAbm(config({ ABM_DEFAULT_MDM_SERVER_ID: 'SRV-GONE' }), deps());
      await expect(missing.defaultMdmServer()).rejects.toBeInstanceOf(NotFoundError);
      fake.servers.clear();
      fake.addServer({ id: 'OLD', name: 'Old API without defaults' });
      expect(await abm.defaultMdmServer()).toBeNull();
    });

    it('lists a server’s devices page by page', async () => {
      for (let i = 0; i < 5; i++) fake.addDevice({ serial: `PAGE${i}`, serverId: 'SRV-CFG' });
      const pages: string[][] = [];
      for await (const page of abm.listServerDevices('SRV-CFG', { pageSize: 2 })) pages.push(page.map((d) => d.serial));
      expect(pages).toEqual([['PAGE0', 'PAGE1'], ['PAGE2', 'PAGE3'], ['PAGE4']]);
    });
  });

  describe('activities', () => {
    /** Polls an activity as a step does: saying what it asked (Apple's activity resource names neither). */
    async function poll(id: string, request?: Pick<AbmActivityRequest, 'kind' | 'serials'>): Promise<{ final: AbmActivity; polls: number }> {
      for (let polls = 1; polls <= 10; polls++) {
        const a = await abm.getActivity(id, request);
        if (a.status !== 'IN_PROGRESS') return { final: a, polls };
      }
      throw new Error('activity never completed');
    }

    it('assigns asynchronously and reports the one device that failed while the activity completed', async () => {
      fake.addDevice({ serial: 'NEW0001' });
      fake.addDevice({ serial: 'NEW0002' });
      fake.failDevice('NEW0002', 'Device is enrolled with a different organization');
      const started = await abm.assign(['NEW0001', 'NEW0002', 'F17ZX2DEF'], 'SRV-MDM', 'step-key-1');
      expect(started).toMatchObject({ kind: 'ASSIGN_DEVICES', status: 'IN_PROGRESS', devices: [] });

      const { final, polls } = await poll(started.id, { kind: 'ASSIGN_DEVICES', serials: ['NEW0001', 'NEW0002', 'F17ZX2DEF'] });
      expect(polls).toBe(3);
      expect(final.status).toBe('COMPLETED');
      expect(final.devices).toEqual(
        expect.arrayContaining([
          { serial: 'NEW0001', ok: true },
          { serial: 'F17ZX2DEF', ok: true },
          { serial: 'NEW0002', ok: false, error: 'Device is enrolled with a different organization' },
        ]),
      );
      expect(final.devices).toHaveLength(3);
      expect(fake.devices.get('NEW0001')!.serverId).toBe('SRV-MDM');
      expect(fake.devices.get('NEW0002')!.serverId).toBeNull();

      const post = fake.http.received('/v1/orgDeviceActivities', 'POST')[0]!;
      expect(post.body).toEqual({
        data: {
          type: 'orgDeviceActivities',
          attributes: { activityType: 'ASSIGN_DEVICES' },
          relationships: {
            devices: { data: ['NEW0001', 'NEW0002', 'F17ZX2DEF'].map((id) => ({ type: 'orgDevices', id })) },
            mdmServer: { data: { type: 'mdmServers', id: 'SRV-MDM' } },
          },
        },
      });
      // the log was fetched from the pre-signed URL without our bearer token
      const blob = fake.http.received(/^\/blob\//)[0]!;
      expect(blob.headers.authorization).toBeUndefined();
    });

    it('keeps nothing in memory: another adapter (a restarted bot) follows the activity and gets its devices', async () => {
      const a = await abm.unassign(['F17ZX1ABC'], 'SRV-MDM', 'offboard-1:unassign');
      const other = createAppleAbm(config(), deps());
      const { final } = await (async () => {
        for (;;) {
          const read = await other.getActivity(a.id, { kind: 'UNASSIGN_DEVICES', serials: ['F17ZX1ABC'] });
          if (read.status !== 'IN_PROGRESS') return { final: read };
        }
      })();
      expect(final).toMatchObject({ kind: 'UNASSIGN_DEVICES', devices: [{ serial: 'F17ZX1ABC', ok: true }] });
      expect(fake.http.received('/v1/orgDeviceActivities', 'POST')).toHaveLength(1);
      expect(fake.devices.get('F17ZX1ABC')!.serverId).toBeNull();
    });

    it('findActivity: a change ABM already shows is applied; none yet is settling, then absent', async () => {
      let now = Date.now();
      const clocked = createAppleAbm(config(), { ...deps(), now: () => new Date(now), activitySettleMs: 10 * 60_000 });
      const since = new Date(now);
      const unassign = { kind: 'UNASSIGN_DEVICES' as const, serials: ['F17ZX1ABC'], serverId: 'SRV-MDM' };
      // still on the server: an activity that arrived may still be running
      expect(await clocked.findActivity(unassign, since)).toMatchObject({ state: 'settling', retryAfterMs: 30_000 });
      now += 11 * 60_000;
      expect(await clocked.findActivity(unassign, since)).toEqual({ state: 'absent' });
      // the activity arrived and ran: the device shows it
      fake.devices.get('F17ZX1ABC')!.serverId = null;
      expect(await clocked.findActivity(unassign, since)).toEqual({ state: 'applied' });
      expect(await clocked.findActivity({ kind: 'ASSIGN_DEVICES', serials: ['F17ZX1ABC'], serverId: 'SRV-MDM' }, since)).toEqual({ state: 'absent' });
      fake.devices.get('F17ZX1ABC')!.releasedAt = '2026-11-30T12:01:00Z';
      expect(await clocked.findActivity({ kind: 'RELEASE_DEVICES', serials: ['F17ZX1ABC'], serverId: null }, since)).toEqual({ state: 'applied' });
      expect(fake.http.received('/v1/orgDeviceActivities', 'POST')).toHaveLength(0);
    });

    it('reports a failed unassign of a device that is not on that server', async () => {
      const a = await abm.unassign(['F17ZX2DEF'], 'SRV-MDM', 'k2');
      const { final } = await poll(a.id);
      expect(final.status).toBe('COMPLETED');
      expect(final.devices).toEqual([{ serial: 'F17ZX2DEF', ok: false, error: 'Device is not assigned to the specified device management service' }]);
    });

    it('releases devices with RELEASE_DEVICES and no mdmServer relationship', async () => {
      const a = await abm.release(['F17ZX1ABC'], 'leave-1');
      const post = fake.http.received('/v1/orgDeviceActivities', 'POST')[0]!.body as { data: { relationships: Record<string, unknown>; attributes: unknown } };
      expect(post.data.attributes).toEqual({ activityType: 'RELEASE_DEVICES' });
      expect(post.data.relationships.mdmServer).toBeUndefined();
      const { final } = await poll(a.id, { kind: 'RELEASE_DEVICES', serials: ['F17ZX1ABC'] });
      expect(final).toMatchObject({ kind: 'RELEASE_DEVICES', status: 'COMPLETED', devices: [{ serial: 'F17ZX1ABC', ok: true }] });
      expect(fake.devices.get('F17ZX1ABC')!.releasedAt).not.toBeNull();
    });

    it('when the log cannot be read, devices of a partly failed activity are not reported as done', async () => {
      fake.failDevice('F17ZX2DEF', 'x');
      const a = await abm.assign(['F17ZX2DEF'], 'SRV-MDM', 'k3');
      fake.failNext({ path: /^\/blob\//, status: 403, body: 'AccessDenied', times: 10 });
      const { final } = await poll(a.id, { kind: 'ASSIGN_DEVICES', serials: ['F17ZX2DEF'] });
      expect(final.devices).toHaveLength(1);
      expect(final.devices[0]).toMatchObject({ serial: 'F17ZX2DEF', ok: false });
      expect(final.devices[0]!.error).toMatch(/COMPLETED_WITH_ERROR/);
    });

    it('refuses empty serial lists and a missing server before calling Apple', async () => {
      await expect(abm.assign([], 'SRV-MDM', 'k')).rejects.toBeInstanceOf(ValidationError);
      await expect(abm.unassign(['X'], '', 'k')).rejects.toBeInstanceOf(ValidationError);
      expect(fake.http.received('/v1/orgDeviceActivities')).toHaveLength(0);
    });
  });

  describe('throttling and errors', () => {
    it('waits out a 429 with Retry-After, then succeeds', async () => {
      fake.failNext({
        path: '/v1/orgDevices/F17ZX1ABC',
        status: 429,
        headers: { 'retry-after': '2' },
        body: { errors: [{ status: '429', code: 'RATE_LIMIT_EXCEEDED', title: 'The request rate limit has been reached.' }] },
      });
      expect((await abm.getDeviceBySerial('F17ZX1ABC'))?.serial).toBe('F17ZX1ABC');
      expect(sleeps).toEqual([2000]);
    });

    it('hands a long Retry-After to the engine as ThrottledError', async () => {
      fake.failNext({
        path: '/v1/mdmServers',
        status: 429,
        headers: { 'retry-after': '120' },
        body: { errors: [{ status: '429', code: 'RATE_LIMIT_EXCEEDED' }] },
      });
      const error = await abm.listMdmServers().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ThrottledError);
      expect((error as ThrottledError).retryAfterMs).toBe(120_000);
    });

    it('retries 5xx with backoff, then succeeds', async () => {
      fake.failNext({ path: '/v1/mdmServers', status: 503, body: { errors: [{ status: '503', code: 'SERVICE_UNAVAILABLE' }] }, times: 2 });
      expect(await abm.listMdmServers()).toHaveLength(2);
      expect(sleeps).toHaveLength(2);
    });

    it('maps Apple error documents to typed errors with the vendor code', async () => {
      fake.failNext({
        path: '/v1/orgDeviceActivities',
        method: 'POST',
        status: 403,
        body: {
          errors: [
            {
              id: '1',
              status: '403',
              code: 'FORBIDDEN_ERROR',
              title: 'This request is forbidden for security reasons',
              detail: 'The API account lacks the role to assign devices',
            },
          ],
        },
      });
      const forbidden = await abm.assign(['F17ZX2DEF'], 'SRV-MDM', 'k4').catch((e: unknown) => e);
      expect(forbidden).toBeInstanceOf(ForbiddenError);
      expect((forbidden as ForbiddenError).code).toBe('FORBIDDEN_ERROR');
      expect((forbidden as ForbiddenError).missingPermission).toMatch(/role to assign/);

      fake.failNext({
        path: '/v1/orgDeviceActivities',
        method: 'POST',
        status: 409,
        body: { errors: [{ status: '409', code: 'ENTITY_ERROR.ATTRIBUTE.INVALID', title: 'invalid' }] },
      });
      await expect(abm.assign(['F17ZX2DEF'], 'SRV-MDM', 'k5')).rejects.toBeInstanceOf(ConflictError);

      const missing = await abm.getActivity('no-such-activity').catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(NotFoundError);
      expect((missing as Error).message).toMatch(/NOT_FOUND/);
    });
  });
});
