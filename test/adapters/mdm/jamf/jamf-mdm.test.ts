import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlockedError, ForbiddenError, NotFoundError, ThrottledError, TransientError, UnauthorizedError, ValidationError } from '../../../../src/errors';
import { generatedJamfSerial } from './fake-jamf-devices';
import { apiError, FakeJamfServer } from './fake-jamf-server';
import { collect } from '../../support';
import { jamfAdapter } from './jamf-adapter';

let fake: FakeJamfServer;
beforeEach(async () => {
  fake = await FakeJamfServer.start();
});
afterEach(() => fake.close());

describe('Jamf adapter: token flow', () => {
  it('gets a client-credentials token at /api/oauth/token and reuses it', async () => {
    fake.seed([{ hardware: { serialNumber: 'J1' } }]);
    const { mdm } = jamfAdapter(fake);
    await mdm.findBySerial('J1');
    await mdm.findBySerial('J1');
    const tokenCalls = fake.requestsTo('/api/oauth/token', 'POST');
    expect(tokenCalls).toHaveLength(1);
    const form = new URLSearchParams(tokenCalls[0]!.rawBody);
    expect(Object.fromEntries(form)).toEqual({ client_id: fake.clientId, client_secret: fake.clientSecret, grant_type: 'client_credentials' });
    expect(fake.requestsTo('/api/v2/').every((r) => r.headers.authorization === `Bearer ${fake.tokens.issued[0]}`)).toBe(true);
  });

  it('fetches a new token after a 401', async () => {
    const [d] = fake.seed([{}]);
    const { mdm } = jamfAdapter(fake);
    await mdm.getDevice(d!.mobileDeviceId);
    fake.revokeTokens();
    expect((await mdm.getDevice(d!.mobileDeviceId)).id).toBe(d!.mobileDeviceId);
    expect(fake.tokens.issued).toHaveLength(2);
  });

  it('reports refused credentials as Unauthorized without the secret', async () => {
    const { mdm, logLines } = jamfAdapter(fake, { env: { JAMF_CLIENT_SECRET: 'not-the-secret-123' } });
    const error = await mdm.findBySerial('J1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect((error as Error).message).toContain('invalid_client');
    expect(`${(error as Error).message}\n${logLines.join('\n')}`).not.toContain('not-the-secret-123');
  });
});

describe('Jamf adapter: lookups', () => {
  it('finds by serial with an RSQL filter and the needed sections, and normalises the record', async () => {
    fake.seed([
      {
        hardware: { serialNumber: 'DMQXK9', model: 'iPad Pro', capacityMb: 244_140 },
        general: { displayName: 'Shop iPad' },
        security: { lostModeEnabled: true },
      },
      { hardware: { serialNumber: 'OTHER1' } },
    ]);
    const { mdm } = jamfAdapter(fake);
    const [device, ...rest] = await mdm.findBySerial('dmqxk9');
    expect(rest).toEqual([]);
    expect(device).toMatchObject({
      source: 'jamf',
      serial: 'DMQXK9',
      name: 'Shop iPad',
      platform: 'ipados',
      osName: 'iPadOS',
      storageGb: 238,
      supervised: true,
      ownership: 'corporate',
      managementState: 'managed',
      lostMode: 'enabled',
      adeEnrolled: true,
    });
    const call = fake.requestsTo('/api/v2/mobile-devices/detail')[0]!;
    expect(call.query.getAll('filter')).toEqual(['serialNumber=="DMQXK9"']);
    expect(call.query.getAll('section')).toEqual(['GENERAL', 'HARDWARE', 'USER_AND_LOCATION', 'SECURITY']);
  });

  it('re-checks the serial client-side', async () => {
    // a server that ignored the filter would return every device; simulate that answer directly
    fake.seed([{ hardware: { serialNumber: 'A1' } }, { hardware: { serialNumber: 'B2' } }]);
    fake.failNext({
      status: 200,
      path: /mobile-devices\/detail$/,
      body: {
        totalCount: 2,
        results: [
          { mobileDeviceId: '1', deviceType: 'iOS', hardware: { serialNumber: 'A1' } },
          { mobileDeviceId: '2', deviceType: 'iOS', hardware: { serialNumber: 'B2' } },
        ],
      },
    });
    const { mdm } = jamfAdapter(fake);
    expect((await mdm.findBySerial('B2')).map((d) => d.id)).toEqual(['2']);
  });

  it('finds by email or username', async () => {
    fake.seed([
      { userAndLocation: { emailAddress: 'taro@example.co.jp', username: 'taro' }, hardware: { serialNumber: 'T1' } },
      { userAndLocation: { emailAddress: 'hanako@example.co.jp', username: 'hanako' }, hardware: { serialNumber: 'H1' } },
    ]);
    const { mdm } = jamfAdapter(fake);
    expect((await mdm.findByUser('Taro@example.co.jp')).map((d) => d.serial)).toEqual(['T1']);
    expect((await mdm.findByUser('hanako')).map((d) => d.serial)).toEqual(['H1']);
    expect(fake.requestsTo('/detail').at(-1)!.query.getAll('filter')).toEqual(['emailAddress=="hanako",username=="hanako"']);
  });

  it('answers NotFound for an unknown id', async () => {
    const { mdm } = jamfAdapter(fake);
    await expect(mdm.getDevice('424242')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('lists every device page by page', async () => {
    fake.generate(2_345);
    const { mdm } = jamfAdapter(fake);
    const { items, pages } = await collect(mdm.listDevices({ pageSize: 1000 }));
    expect(pages).toBe(3);
    expect(items).toHaveLength(2_345);
    expect(new Set(items.map((d) => d.id)).size).toBe(2_345);
    expect(items.filter((d) => d.platform === 'ipados')).toHaveLength(469);
    expect(items[1234]!.serial).toBe(generatedJamfSerial(1234));
    expect(fake.requestsTo('/detail').map((r) => r.query.get('page'))).toEqual(['0', '1', '2']);
  });
});

describe('Jamf adapter: commands', () => {
  it('erases with preserveDataPlan and Return to Service and follows the command to Acknowledged', async () => {
    const [d] = fake.seed([{}]);
    const { mdm } = jamfAdapter(fake);
    const handle = await mdm.wipe(d!.mobileDeviceId, { removeEsim: false, returnToService: true }, 'wf-9:wipe');
    const post = fake.requestsTo('/api/v2/mdm/commands', 'POST')[0]!;
    expect(post.body).toEqual({
      clientData: [{ managementId: d!.general.managementId }],
      commandData: { commandType: 'ERASE_DEVICE', preserveDataPlan: true, returnToService: { enabled: true } },
    });
    expect(fake.commands.has(handle.id)).toBe(true);
    expect(await mdm.commandStatus(handle)).toMatchObject({ state: 'pending' });
    expect(fake.requestsTo('/api/v2/mdm/commands', 'GET')[0]!.query.getAll('filter')).toEqual([`uuid=="${handle.id}"`]);
    fake.completeCommand(handle.id, 'NOT_NOW');
    expect((await mdm.commandStatus(handle)).detail).toMatch(/NotNow/);
    fake.completeCommand(handle.id);
    expect(await mdm.commandStatus(handle)).toEqual({ state: 'done' });
    expect((await mdm.getDevice(d!.mobileDeviceId)).managementState).toBe('retired');
  });

  it('refuses to erase while keeping user data', async () => {
    const [d] = fake.seed([{}]);
    await expect(jamfAdapter(fake).mdm.wipe(d!.mobileDeviceId, { keepUserData: true }, 'k')).rejects.toBeInstanceOf(ValidationError);
    expect(fake.commands.size).toBe(0);
  });

  it('enables and disables lost mode; a device error is a failed command', async () => {
    const [d] = fake.seed([{}]);
    const { mdm } = jamfAdapter(fake);
    const on = await mdm.enableLostMode(d!.mobileDeviceId, { message: 'Please call IT', phoneNumber: '03-1234-5678', footnote: 'ACME' }, 'k1');
    expect(fake.commands.get(on.id)!.commandData).toEqual({
      commandType: 'ENABLE_LOST_MODE',
      lostModeMessage: 'Please call IT',
      lostModePhone: '03-1234-5678',
      lostModeFootnote: 'ACME',
    });
    fake.completeCommand(on.id);
    expect((await mdm.getDevice(d!.mobileDeviceId)).lostMode).toBe('enabled');
    const off = await mdm.disableLostMode(d!.mobileDeviceId, 'k2');
    fake.completeCommand(off.id, 'ERROR');
    const status = await mdm.commandStatus(off);
    expect(status.state).toBe('failed');
    expect(status.detail).toContain('12078');
  });

  it('unmanages through /unmanage and reports done once the device is unmanaged', async () => {
    const [d] = fake.seed([{}]);
    const { mdm } = jamfAdapter(fake);
    const handle = await mdm.retire(d!.mobileDeviceId, 'k');
    expect(fake.requestsTo(`/api/v2/mobile-devices/${d!.mobileDeviceId}/unmanage`, 'POST')).toHaveLength(1);
    expect((await mdm.commandStatus(handle)).state).toBe('pending');
    fake.completeCommand(handle.id);
    expect((await mdm.commandStatus(handle)).state).toBe('done');
  });

  it('deletes the record through the Classic API; refuses while lost mode is on', async () => {
    const [d, lost] = fake.seed([{}, { security: { lostModeEnabled: true } }]);
    const { mdm } = jamfAdapter(fake);
    const handle = await mdm.deleteRecord(d!.mobileDeviceId, 'k');
    const del = fake.requestsTo(`/JSSResource/mobiledevices/id/${d!.mobileDeviceId}`, 'DELETE');
    expect(del).toHaveLength(1);
    expect(del[0]!.headers.authorization).toMatch(/^Bearer /);
    expect(await mdm.commandStatus(handle)).toEqual({ state: 'done' });
    const error = await mdm.deleteRecord(lost!.mobileDeviceId, 'k2').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BlockedError);
    expect((error as BlockedError).reason).toBe('lost_mode');
  });

  it('warns before deleting: lost mode, ADE assignment, MDM profile left on a managed device', async () => {
    const [lost, plain] = fake.seed([{ security: { lostModeEnabled: true } }, { general: { enrollmentMethodPrestage: null, managed: false } }]);
    const { mdm } = jamfAdapter(fake);
    expect(
      mdm
        .destructiveNotes(await mdm.getDevice(lost!.mobileDeviceId))
        .map((n) => n.code)
        .sort(),
    ).toEqual(['ade_assignment_remains', 'delete_in_lost_mode_locks_device', 'mdm_profile_remains_on_device']);
    expect(mdm.destructiveNotes(await mdm.getDevice(plain!.mobileDeviceId))).toEqual([]);
  });

  it('syncs with a blank push to the management id', async () => {
    const [d] = fake.seed([{}]);
    const { mdm } = jamfAdapter(fake);
    const handle = await mdm.syncDevice(d!.mobileDeviceId, 'k');
    expect(fake.requestsTo('/api/v2/mdm/blank-push', 'POST')[0]!.body).toEqual({ clientManagementIds: [d!.general.managementId] });
    expect((await mdm.commandStatus(handle)).state).toBe('done');
  });

  it('reports used seats from inventory information and the total from config', async () => {
    fake.seed([{}, {}, { general: { managed: false } }]);
    expect(await jamfAdapter(fake).mdm.licenseStatus()).toMatchObject({ known: false, used: 2 });
    expect(await jamfAdapter(fake, { env: { JAMF_LICENSE_TOTAL: '2' } }).mdm.licenseStatus()).toMatchObject({ known: true, total: 2, used: 2, free: 0 });
  });
});

describe('Jamf adapter: limits and errors', () => {
  it('never has more than 5 connections open to the server', async () => {
    await fake.close();
    fake = await FakeJamfServer.start({ latencyMs: 15 });
    fake.generate(40);
    const { mdm } = jamfAdapter(fake);
    await Promise.all(Array.from({ length: 30 }, (_, i) => mdm.getDevice(String(i + 1))));
    expect(fake.requestsTo('/detail')).toHaveLength(30);
    expect(fake.maxInFlight).toBe(5);
  });

  it('honours Retry-After on 429 and backs off without it', async () => {
    const [d] = fake.seed([{}]);
    fake.failNext({ status: 429, headers: { 'retry-after': '3' } });
    fake.failNext({ status: 429 });
    const { mdm, sleeps } = jamfAdapter(fake);
    expect((await mdm.getDevice(d!.mobileDeviceId)).id).toBe(d!.mobileDeviceId);
    expect(sleeps[0]).toBe(3_000);
    expect(sleeps).toHaveLength(2);
  });

  it('gives up with Throttled after repeated 429s', async () => {
    fake.failNext({ status: 429, headers: { 'retry-after': '600' } });
    await expect(jamfAdapter(fake).mdm.findBySerial('X')).rejects.toBeInstanceOf(ThrottledError);
  });

  it('retries 5xx then succeeds, and surfaces a persistent 5xx as Transient', async () => {
    const [d] = fake.seed([{}]);
    fake.failNext({ status: 502, times: 2 });
    const { mdm } = jamfAdapter(fake);
    expect((await mdm.getDevice(d!.mobileDeviceId)).id).toBe(d!.mobileDeviceId);
    fake.failNext({ status: 500, times: 10 });
    const error = await mdm.getDevice(d!.mobileDeviceId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as TransientError).code).toBe('INTERNAL_ERROR');
  });

  it('maps 403 to Forbidden naming the privilege the operation needs', async () => {
    const [d] = fake.seed([{}]);
    fake.failNext({ status: 403, method: 'POST', path: /mdm\/commands$/ });
    const error = await jamfAdapter(fake)
      .mdm.wipe(d!.mobileDeviceId, {}, 'k')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as ForbiddenError).missingPermission).toBe('Send Mobile Device Remote Wipe Command');
  });

  it('maps an ApiError 400 to ValidationError with the Jamf code', async () => {
    const [d] = fake.seed([{ general: { supervised: false } }]);
    const error = await jamfAdapter(fake)
      .mdm.enableLostMode(d!.mobileDeviceId, { message: 'm' }, 'k')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).code).toBe('DEVICE_NOT_SUPERVISED');
  });

  it('maps a Classic API 404 page to NotFound and treats it as already deleted', async () => {
    const [d] = fake.seed([{}]);
    fake.failNext({ status: 404, method: 'DELETE', body: apiError(404) });
    const { mdm } = jamfAdapter(fake);
    const handle = await mdm.deleteRecord(d!.mobileDeviceId, 'k');
    expect(handle.action).toBe('delete');
  });
});

// Jamf Pro's answer to "did the server get our command?" (issue 12): the device's MDM commands sent since then
// (GET /api/v2/mdm/commands?filter=clientManagementId==…;dateSent=ge=…), matched on the command type; a deleted
// record is a deletion found; an unmanage Jamf lists no command for is unknown until the device shows it.
describe('Jamf findCommand', () => {
  it('finds the ERASE_DEVICE the server accepted whose answer timed out, by the device and the time', async () => {
    const [d, other] = fake.seed([{}, {}]);
    const { mdm } = jamfAdapter(fake, { timeoutMs: 300 });
    const since = new Date();
    fake.failNext({ method: 'POST', path: '/api/v2/mdm/commands', status: 201, afterVendor: true, delayMs: 1_000 });
    await expect(mdm.wipe(d!.mobileDeviceId, {}, 'k')).rejects.toThrow('may have accepted it');
    await mdm.enableLostMode(other!.mobileDeviceId, { message: 'lost' }, 'k2');
    const erase = [...fake.commands.values()].find((c) => c.commandType === 'ERASE_DEVICE')!;
    const found = await mdm.findCommand(d!.mobileDeviceId, 'wipe', since);
    expect(found).toMatchObject({ state: 'found', handle: { action: 'wipe', id: erase.uuid, deviceId: d!.mobileDeviceId } });
    // another device's command and another command type are not it
    expect(await mdm.findCommand(d!.mobileDeviceId, 'enable_lost_mode', since)).toEqual({ state: 'absent' });
    expect(await mdm.findCommand(d!.mobileDeviceId, 'wipe', new Date(Date.now() + 120_000))).toEqual({ state: 'absent' });
    const query = fake.requestsTo('/api/v2/mdm/commands', 'GET').at(-1)!.query.get('filter')!;
    expect(query).toMatch(new RegExp(`^clientManagementId=="${d!.general.managementId}";dateSent=ge=\\d{4}-`));
    expect(fake.requestsTo('/api/v2/mdm/commands', 'POST')).toHaveLength(2);
  });

  it('a deleted record is a deletion found; an unmanage is unknown until the device shows unmanaged', async () => {
    const [d] = fake.seed([{}]);
    const { mdm } = jamfAdapter(fake);
    const since = new Date();
    expect(await mdm.findCommand(d!.mobileDeviceId, 'delete', since)).toEqual({ state: 'absent' });
    expect(await mdm.findCommand(d!.mobileDeviceId, 'retire', since)).toMatchObject({ state: 'unknown' });
    const handle = await mdm.retire(d!.mobileDeviceId, 'k');
    fake.completeCommand(handle.id);
    const retired = await mdm.findCommand(d!.mobileDeviceId, 'retire', since);
    expect(retired.state === 'found' && (await mdm.commandStatus(retired.handle)).state).toBe('done');
    await mdm.deleteRecord(d!.mobileDeviceId, 'k3');
    expect(await mdm.findCommand(d!.mobileDeviceId, 'delete', since)).toMatchObject({ state: 'found', handle: { action: 'delete' } });
  });
});
