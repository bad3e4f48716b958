// The Android Management API adapter against a local AMAPI (fake-android-server.ts): the service-account
// JWT-bearer token flow verified with the test key, paging, lookups matched in code, commands and
// Operation polling, deletion that wipes, throttling, 5xx retries and Google's error bodies.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { exportPKCS8, generateKeyPair, type CryptoKey } from 'jose';
import { createAndroidMdm, type AndroidMdm } from '../../../../src/adapters/mdm/android';
import { ForbiddenError, NotFoundError, PermanentError, ThrottledError, UnauthorizedError, ValidationError } from '../../../../src/errors';
import { redactConfig } from '../../../../src/config/secrets';
import { createLogger } from '../../../../src/log/logger';
import type { MdmDevice } from '../../../../src/ports/mdm';
import { FAKE_ENTERPRISE, FakeAndroidServer, googleErrorBody } from './fake-android-server';

const CLIENT_EMAIL = 'devicebot@devicebot-test.iam.gserviceaccount.com';
let keys: { publicKey: CryptoKey; privateKey: CryptoKey };
let otherKeys: { publicKey: CryptoKey; privateKey: CryptoKey };
let privatePem: string;

beforeAll(async () => {
  keys = await generateKeyPair('RS256', { extractable: true });
  otherKeys = await generateKeyPair('RS256', { extractable: true });
  privatePem = await exportPKCS8(keys.privateKey);
});

describe('Android Management API adapter', () => {
  let server: FakeAndroidServer;
  let mdm: AndroidMdm;
  let sleeps: number[];
  let logLines: string[];

  function make(overrides: { json?: string; licenseTotal?: number } = {}): AndroidMdm {
    return createAndroidMdm(
      {
        ANDROID_MANAGEMENT_URL: server.url,
        ANDROID_TOKEN_URL: server.tokenUrl,
        ANDROID_ENTERPRISE_NAME: FAKE_ENTERPRISE,
        ANDROID_SERVICE_ACCOUNT_JSON:
          overrides.json ??
          JSON.stringify({
            type: 'service_account',
            project_id: 'devicebot-test',
            private_key_id: 'key-1',
            private_key: privatePem,
            client_email: CLIENT_EMAIL,
            token_uri: server.tokenUrl,
          }),
        ANDROID_LICENSE_TOTAL: overrides.licenseTotal ?? 0,
      },
      {
        sleep: async (ms) => void sleeps.push(ms),
        random: () => 0.5,
        logger: createLogger({ level: 'debug', sink: (line) => logLines.push(line) }),
      },
    );
  }

  async function all(iterable: AsyncIterable<MdmDevice[]>): Promise<MdmDevice[][]> {
    const pages: MdmDevice[][] = [];
    for await (const page of iterable) pages.push(page);
    return pages;
  }

  beforeEach(async () => {
    server = await FakeAndroidServer.start({ publicKey: keys.publicKey, clientEmail: CLIENT_EMAIL });
    sleeps = [];
    logLines = [];
    mdm = make();
  });
  afterEach(async () => {
    await server.close();
  });

  it('gets a token with a signed JWT-bearer assertion, caches it, and refreshes it after a 401', async () => {
    server.addDevice({ serial: 'PX8-0001' });
    await mdm.findBySerial('PX8-0001');
    await mdm.findBySerial('PX8-0001');
    expect(server.tokenRequests()).toHaveLength(1);
    const { header, claims } = server.assertions[0]!;
    expect(header).toMatchObject({ alg: 'RS256', kid: 'key-1' });
    expect(claims).toMatchObject({ iss: CLIENT_EMAIL, aud: server.tokenUrl, scope: 'https://www.googleapis.com/auth/androidmanagement' });
    expect(new URLSearchParams(server.tokenRequests()[0]!.rawBody).get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');

    server.revokeTokens();
    expect(await mdm.findBySerial('PX8-0001')).toHaveLength(1);
    expect(server.tokenRequests()).toHaveLength(2);
    expect(server.apiRequests().filter((r) => r.headers.authorization === undefined)).toEqual([]);
  });

  it('reports a refused service account as Unauthorized without leaking the key', async () => {
    const wrongPem = await exportPKCS8(otherKeys.privateKey);
    const bad = make({ json: JSON.stringify({ type: 'service_account', private_key: wrongPem, client_email: CLIENT_EMAIL }) });
    const error = await bad.getDevice('dev00001').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect((error as UnauthorizedError).message).toContain('invalid_grant');
    expect((error as Error).message).not.toContain('PRIVATE KEY');
    expect(logLines.join('\n')).not.toContain(wrongPem.split('\n')[1]!);
    expect(logLines.join('\n')).not.toMatch(/ya29\./);
  });

  it('never logs the private key, even when the whole configuration is logged', () => {
    const json = JSON.stringify({ type: 'service_account', private_key: privatePem, client_email: CLIENT_EMAIL });
    make({ json });
    const logger = createLogger({ sink: (line) => logLines.push(line) });
    logger.info('configuration', redactConfig({ ANDROID_SERVICE_ACCOUNT_JSON: json, ANDROID_ENTERPRISE_NAME: FAKE_ENTERPRISE }));
    const logged = logLines.join('\n');
    expect(logged).toContain(FAKE_ENTERPRISE);
    for (const line of privatePem.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'))) expect(logged).not.toContain(line);
  });

  it('rejects a key that is not a service account key, without quoting it', () => {
    expect(() => make({ json: '{"type":"authorized_user","client_secret":"s3cr3t-value"}' })).toThrow(ValidationError);
    expect(() => make({ json: 'not json s3cr3t' })).toThrow(/not valid JSON/);
    try {
      make({ json: '{"type":"authorized_user","client_secret":"s3cr3t-value"}' });
    } catch (error) {
      expect((error as Error).message).not.toContain('s3cr3t');
    }
  });

  it('pages through the enterprise with pageSize ≤ 100 and nextPageToken', async () => {
    for (let i = 0; i < 250; i++) server.addDevice({ serial: `SER${i}` });
    const pages = await all(mdm.listDevices({ pageSize: 500 }));
    expect(pages.map((p) => p.length)).toEqual([100, 100, 50]);
    const lists = server.apiRequests().filter((r) => r.path.endsWith('/devices'));
    expect(lists.map((r) => r.query.getAll('pageSize'))).toEqual([['100'], ['100'], ['100']]);
    expect(lists[0]!.query.has('pageToken')).toBe(false);
    expect(lists[1]!.query.getAll('pageToken')).toHaveLength(1);
    expect(new Set(pages.flat().map((d) => d.id)).size).toBe(250);
  });

  it('finds by serial and by user in code (the API has no filter), across pages', async () => {
    for (let i = 0; i < 120; i++) server.addDevice({ serial: `BULK${i}` });
    const name = server.addDevice({
      serial: 'R5CW21ABCDE',
      hardwareInfo: { brand: 'samsung', manufacturer: 'samsung', model: 'SM-S911B' },
      enrollmentTokenData: '{"email":"Sakura.Ito@example.co.jp"}',
    });
    const found = await mdm.findBySerial(' r5cw21abcde ');
    expect(found.map((d) => d.id)).toEqual([name]);
    expect(server.apiRequests().every((r) => !r.query.has('filter') && !r.query.has('serialNumber'))).toBe(true);
    expect((await mdm.findByUser('sakura.ito@example.co.jp')).map((d) => d.serial)).toEqual(['R5CW21ABCDE']);
    expect(await mdm.findBySerial('0')).toEqual([]);
  });

  it('maps the Device resource into the port record', async () => {
    const name = server.addDevice({
      serial: '38101FDJH004ZX',
      managementMode: 'PROFILE_OWNER',
      ownership: 'PERSONALLY_OWNED',
      enrollmentTime: '2025-05-01T00:00:00Z',
      lastStatusReportTime: '2026-03-30T12:00:00Z',
      softwareInfo: { androidVersion: '15' },
      memoryInfo: { totalInternalStorage: '256000000000' },
      enrollmentTokenData: 'kenta.tanaka@example.co.jp',
    });
    const device = await mdm.getDevice(name);
    expect(device).toMatchObject({
      source: 'android',
      id: name,
      serial: '38101FDJH004ZX',
      platform: 'android',
      osName: 'Android',
      osVersion: '15',
      model: 'Pixel 8',
      manufacturer: 'Google',
      userEmail: 'kenta.tanaka@example.co.jp',
      storageGb: 256,
      supervised: false,
      ownership: 'personal',
      managementState: 'managed',
      lostMode: 'disabled',
      adeEnrolled: false,
    });
    expect(device.enrolledAt?.toISOString()).toBe('2025-05-01T00:00:00.000Z');
    expect(await mdm.getDevice(name.split('/').pop()!)).toMatchObject({ id: name });
  });

  it('waits out a 429 with Retry-After, then succeeds', async () => {
    server.addDevice({ serial: 'A1' });
    server.failNext({ method: 'GET', path: /\/devices/, status: 429, body: googleErrorBody(429), headers: { 'retry-after': '2' } });
    expect(await mdm.findBySerial('A1')).toHaveLength(1);
    expect(sleeps).toContain(2000);
  });

  it('gives up on a long throttle with a ThrottledError carrying retry-after', async () => {
    for (let i = 0; i < 4; i++) server.failNext({ path: /\/devices/, status: 429, body: googleErrorBody(429), headers: { 'retry-after': '120' } });
    const error = await mdm.findBySerial('A1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThrottledError);
    expect((error as ThrottledError).retryAfterMs).toBe(120_000);
  });

  it('retries a 5xx with backoff, then succeeds', async () => {
    const name = server.addDevice({ serial: 'B2' });
    server.failNext({ path: /\/devices\//, status: 503, body: googleErrorBody(503) });
    server.failNext({ path: /\/devices\//, status: 500, body: googleErrorBody(500) });
    expect((await mdm.getDevice(name)).serial).toBe('B2');
    expect(sleeps).toHaveLength(2);
  });

  it('maps Google error bodies into typed errors', async () => {
    await expect(mdm.getDevice('nosuchdevice')).rejects.toBeInstanceOf(NotFoundError);
    server.failNext({ path: /\/devices/, status: 403, body: googleErrorBody(403, 'The caller does not have permission') });
    const forbidden = await all(mdm.listDevices()).catch((e: unknown) => e);
    expect(forbidden).toBeInstanceOf(ForbiddenError);
    expect((forbidden as ForbiddenError).missingPermission).toContain('roles/androidmanagement.user');
    expect((forbidden as ForbiddenError).code).toBe('PERMISSION_DENIED');
    expect((forbidden as Error).message).toContain('The caller does not have permission');
    const name = server.addDevice({ serial: 'C3' });
    server.failNext({ path: /:issueCommand/, status: 400, body: googleErrorBody(400, "Invalid value at 'command.type'") });
    await expect(mdm.disableLostMode(name, 'k')).rejects.toBeInstanceOf(ValidationError);
  });

  it('issues START_LOST_MODE and polls the Operation until the device acknowledges it', async () => {
    server.pollsUntilDone = 3;
    const name = server.addDevice({ serial: 'LOST1' });
    const handle = await mdm.enableLostMode(name, { message: 'この端末を拾った方はご連絡ください', phoneNumber: '03-1234-5678' }, 'wf:lost');
    expect(handle).toMatchObject({ source: 'android', action: 'enable_lost_mode', deviceId: name });
    expect(handle.id).toMatch(new RegExp(`^${name}/operations/`));
    const sent = server.apiRequests().find((r) => r.path.endsWith(':issueCommand'))!;
    expect(sent.body).toEqual({
      type: 'START_LOST_MODE',
      startLostModeParams: { lostMessage: { defaultMessage: 'この端末を拾った方はご連絡ください' }, lostPhoneNumber: { defaultMessage: '03-1234-5678' } },
    });
    expect((await mdm.commandStatus(handle)).state).toBe('pending');
    expect((await mdm.commandStatus(handle)).state).toBe('pending');
    expect(await mdm.commandStatus(handle)).toEqual({ state: 'done' });
    expect((await mdm.getDevice(name)).lostMode).toBe('enabled');
    // a step that lost this answer finds the command among the device's operations (no second command)
    const since = new Date(Date.parse(handle.issuedAt) - 1_000);
    expect(await mdm.findCommand(name, 'enable_lost_mode', since)).toEqual({ state: 'found', handle: { ...handle, issuedAt: expect.any(String) } });
    expect(await mdm.findCommand(name, 'disable_lost_mode', since)).toEqual({ state: 'absent' });
    expect(server.apiRequests().filter((r) => r.path.endsWith(':issueCommand'))).toHaveLength(1);

    const stop = await mdm.disableLostMode(name, 'wf:unlost');
    server.pollsUntilDone = 1;
    expect(await mdm.commandStatus(stop)).toEqual({ state: 'done' });
    expect((await mdm.getDevice(name)).lostMode).toBe('disabled');
  });

  it('findCommand: a WIPE accepted before a 503 is found among the operations; once acknowledged the record is gone, which is found too', async () => {
    const name = server.addDevice({ serial: 'WIPE1' });
    const since = new Date();
    server.failNext({ path: /:issueCommand$/, status: 503, afterVendor: true });
    await expect(mdm.wipe(name, {}, 'wf:wipe')).rejects.toThrow('may have accepted it');
    const found = await mdm.findCommand(name, 'wipe', since);
    expect(found).toMatchObject({ state: 'found', handle: { action: 'wipe', deviceId: name } });
    expect(found.state === 'found' && found.handle.id).toBe([...server.operations.keys()][0]);
    expect(await mdm.findCommand(name, 'disable_lost_mode', since)).toEqual({ state: 'absent' });
    expect(server.apiRequests().filter((r) => r.path.endsWith(':issueCommand'))).toHaveLength(1);
    expect(found.state === 'found' && (await mdm.commandStatus(found.handle))).toEqual({ state: 'done' }); // the device acknowledged it
    const after = await mdm.findCommand(name, 'wipe', since);
    expect(after.state === 'found' && (await mdm.commandStatus(after.handle)).state).toBe('done');
    expect(await mdm.findCommand(name, 'delete', since)).toMatchObject({ state: 'found', handle: { action: 'delete' } });
  });

  it('reports a failed Operation and a refused lost-mode status as failed', async () => {
    const name = server.addDevice({ serial: 'F1' });
    const handle = await mdm.enableLostMode(name, { message: 'lost' }, 'k1');
    server.setOperationOutcome(handle.id, { error: { code: 9, message: 'The device is not reachable', status: 'FAILED_PRECONDITION' } });
    expect(await mdm.commandStatus(handle)).toEqual({ state: 'failed', detail: 'FAILED_PRECONDITION: The device is not reachable' });

    const other = server.addDevice({ serial: 'F2' });
    const second = await mdm.enableLostMode(other, { message: 'lost' }, 'k2');
    server.setOperationOutcome(second.id, { metadata: { startLostModeStatus: { status: 'USER_EXIT_LOST_MODE_RECENTLY' } } });
    expect(await mdm.commandStatus(second)).toEqual({ state: 'failed', detail: 'START_LOST_MODE: USER_EXIT_LOST_MODE_RECENTLY' });
  });

  it('wipes with WIPE (eSIM flag) and treats the vanished record as done', async () => {
    const name = server.addDevice({ serial: 'W1' });
    const handle = await mdm.wipe(name, { removeEsim: true }, 'wipe-1');
    expect(server.apiRequests().find((r) => r.path.endsWith(':issueCommand'))!.body).toEqual({ type: 'WIPE', wipeParams: { wipeDataFlags: ['WIPE_ESIMS'] } });
    expect((await mdm.commandStatus(handle)).state).toBe('done');
    await new Promise((r) => setTimeout(r, 5));
    expect(await mdm.commandStatus(handle)).toMatchObject({ state: 'done' });
    await expect(mdm.wipe(name, { returnToService: true }, 'wipe-2')).rejects.toBeInstanceOf(ValidationError);
  });

  it('marks deletion as destructive, deletes with DELETE, and is safe to retry', async () => {
    const name = server.addDevice({ serial: 'D1' });
    const device = await mdm.getDevice(name);
    expect(mdm.destructiveNotes(device)).toContainEqual({ action: 'delete', code: 'android_delete_wipes' });
    const handle = await mdm.deleteRecord(name, 'del-1');
    expect(
      server
        .apiRequests()
        .filter((r) => r.method === 'DELETE')
        .map((r) => r.path),
    ).toEqual([`/v1/${name}`]);
    expect(await mdm.commandStatus(handle)).toEqual({ state: 'done' });
    // a retry from another process (new adapter, no memory) finds it gone and still succeeds
    const again = await make().deleteRecord(name, 'del-1');
    expect(again.id).toBe(handle.id);
  });

  it('retires company-owned work profiles with RELINQUISH_OWNERSHIP, personal ones by removing the work profile', async () => {
    const cope = server.addDevice({ serial: 'COPE1', managementMode: 'PROFILE_OWNER', ownership: 'COMPANY_OWNED' });
    const h1 = await mdm.retire(cope, 'r1');
    expect(server.apiRequests().find((r) => r.path.endsWith(':issueCommand'))!.body).toEqual({ type: 'RELINQUISH_OWNERSHIP' });
    expect((await mdm.commandStatus(h1)).state).toBe('done');

    const byod = server.addDevice({ serial: 'BYOD1', managementMode: 'PROFILE_OWNER', ownership: 'PERSONALLY_OWNED' });
    const h2 = await mdm.retire(byod, 'r2');
    expect(h2.action).toBe('retire');
    expect(server.apiRequests().some((r) => r.method === 'DELETE' && r.path === `/v1/${byod}`)).toBe(true);

    const fullyManaged = server.addDevice({ serial: 'FM1' });
    await expect(mdm.retire(fullyManaged, 'r3')).rejects.toBeInstanceOf(PermanentError);
  });

  it('says what it cannot do: no sync, no profiles, no license count unless configured', async () => {
    expect(mdm.capabilities).toMatchObject({ sync: false, removeProfiles: false, revokeVppLicenses: false, wipeReturnToService: false, manual: false });
    await expect(mdm.syncDevice('dev00001', 'k')).rejects.toBeInstanceOf(PermanentError);
    expect(await mdm.licenseStatus()).toMatchObject({ known: false });
    server.addDevice({ serial: 'L1' });
    server.addDevice({ serial: 'L2' });
    expect(await make({ licenseTotal: 2 }).licenseStatus()).toMatchObject({ known: true, total: 2, used: 2, free: 0 });
  });
});
