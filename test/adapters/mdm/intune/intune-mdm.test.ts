import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlockedError, ForbiddenError, NotFoundError, ThrottledError, UnauthorizedError, ValidationError } from '../../../../src/errors';
import { generatedId, generatedSerial } from './fake-intune-devices';
import { FakeIntuneServer, graphError } from './fake-intune-server';
import { collect } from '../../support';
import { intuneAdapter } from './intune-adapter';

let fake: FakeIntuneServer;
beforeEach(async () => {
  fake = await FakeIntuneServer.start();
});
afterEach(() => fake.close());

describe('Intune adapter: token flow', () => {
  it('fetches a client-credentials token once and reuses it until it expires', async () => {
    fake.seed([{ serialNumber: 'AAA111' }]);
    const { mdm } = intuneAdapter(fake);
    await mdm.findBySerial('AAA111');
    await mdm.findBySerial('AAA111');
    expect(fake.tokens.issued).toHaveLength(1);
    const tokenRequest = fake.requestsTo('/oauth2/v2.0/token', 'POST');
    expect(tokenRequest).toHaveLength(1);
    const form = new URLSearchParams(tokenRequest[0]!.rawBody);
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(form.get('client_id')).toBe(fake.clientId);
    expect(form.get('scope')).toBe(`${fake.graphUrl}/.default`);
    // every Graph call carried the token
    for (const r of fake.requests.filter((r) => r.path.startsWith('/v1.0') || r.path.startsWith('/beta')))
      expect(r.headers.authorization).toBe(`Bearer ${fake.tokens.issued[0]}`);
  });

  it('fetches a new token shortly before the cached one expires', async () => {
    await fake.close();
    fake = await FakeIntuneServer.start({ tokenLifetimeSec: 600 });
    const [d] = fake.seed([{}]);
    let clock = Date.now();
    const { mdm } = intuneAdapter(fake, { now: () => clock });
    await mdm.getDevice(d!.id);
    clock += 500_000; // 100 s left: more than the 60 s renewal margin
    await mdm.getDevice(d!.id);
    expect(fake.tokens.issued).toHaveLength(1);
    clock += 50_000; // 50 s left: renewed before Graph would refuse it
    await mdm.getDevice(d!.id);
    expect(fake.tokens.issued).toHaveLength(2);
  });

  it('fetches a new token after a 401 and repeats the call', async () => {
    const [d] = fake.seed([{ serialNumber: 'AAA111' }]);
    const { mdm } = intuneAdapter(fake);
    await mdm.getDevice(d!.id);
    fake.revokeTokens();
    const again = await mdm.getDevice(d!.id);
    expect(again.serial).toBe('AAA111');
    expect(fake.tokens.issued).toHaveLength(2);
    const lastGet = fake.requestsTo(`/managedDevices/${d!.id}`, 'GET').at(-1)!;
    expect(lastGet.headers.authorization).toBe(`Bearer ${fake.tokens.issued[1]}`);
  });

  it('names a refused client secret as Unauthorized without leaking the secret', async () => {
    const { mdm, logLines } = intuneAdapter(fake, { env: { INTUNE_CLIENT_SECRET: 'wrong-secret-value-xyz' } });
    const error = await mdm.findBySerial('AAA111').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect((error as Error).message).toContain('invalid_client');
    expect((error as Error).message).not.toContain('wrong-secret-value-xyz');
    expect(logLines.join('\n')).not.toContain('wrong-secret-value-xyz');
  });
});

describe('Intune adapter: lookups', () => {
  it('finds by serial with $filter and $select, normalises the record and reads lost mode from beta', async () => {
    fake.seed([{ serialNumber: 'DMPXK1', lostModeState: 'enabled', model: 'iPad Pro', deviceName: 'Sales iPad' }, { serialNumber: 'OTHER2' }]);
    const { mdm } = intuneAdapter(fake);
    const [device, ...rest] = await mdm.findBySerial(' dmpxk1 ');
    expect(rest).toHaveLength(0);
    expect(device).toMatchObject({
      source: 'intune',
      serial: 'DMPXK1',
      name: 'Sales iPad',
      platform: 'ipados',
      manufacturer: 'Apple',
      storageGb: 128,
      supervised: true,
      ownership: 'corporate',
      managementState: 'managed',
      lostMode: 'enabled',
      adeEnrolled: true,
      registrationState: 'registered',
    });
    expect(device!.enrolledAt).toEqual(new Date('2024-04-01T09:00:00Z'));
    const list = fake.requestsTo('/v1.0/deviceManagement/managedDevices', 'GET').find((r) => r.query.get('$filter'))!;
    expect(list.query.get('$filter')).toBe("serialNumber eq 'DMPXK1'");
    expect(list.query.get('$select')!.split(',')).toContain('serialNumber');
    expect(fake.requestsTo('/beta/deviceManagement/managedDevices/', 'GET')[0]!.query.get('$select')).toBe('id,lostModeState');
  });

  it('re-checks the serial client-side when Graph ignores the filter', async () => {
    fake.seed([{ serialNumber: 'AAA111' }, { serialNumber: 'BBB222' }, { serialNumber: 'CCC333' }]);
    fake.ignoreFilter = true;
    const { mdm } = intuneAdapter(fake);
    const found = await mdm.findBySerial('BBB222');
    expect(found.map((d) => d.serial)).toEqual(['BBB222']);
  });

  it('treats "0" and empty serials as no serial', async () => {
    const { mdm } = intuneAdapter(fake);
    expect(await mdm.findBySerial('0')).toEqual([]);
    expect(fake.requests).toHaveLength(0);
  });

  it('finds by UPN or by primary email, without duplicates', async () => {
    fake.seed([
      { userPrincipalName: 'taro@contoso.onmicrosoft.com', emailAddress: 'taro@contoso.com', serialNumber: 'T1' },
      { userPrincipalName: 'hanako@contoso.onmicrosoft.com', emailAddress: 'hanako@contoso.com', serialNumber: 'H1' },
    ]);
    const { mdm } = intuneAdapter(fake);
    expect((await mdm.findByUser('taro@contoso.com')).map((d) => d.serial)).toEqual(['T1']);
    expect((await mdm.findByUser('Taro@contoso.onmicrosoft.com')).map((d) => d.serial)).toEqual(['T1']);
    expect(await mdm.findByUser('nobody@contoso.com')).toEqual([]);
  });

  it('answers NotFound for an unknown id', async () => {
    const { mdm } = intuneAdapter(fake);
    const error = await mdm.getDevice('5f0a3e3c-0000-0000-0000-000000000000').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).code).toBe('ResourceNotFound');
  });

  it('lists every device page by page through @odata.nextLink', async () => {
    fake.generate(2_500);
    fake.seed([{ serialNumber: 'SEEDED1' }]);
    const { mdm } = intuneAdapter(fake);
    const { items, pages } = await collect(mdm.listDevices({ pageSize: 1000 }));
    expect(pages).toBe(3);
    expect(items).toHaveLength(2_501);
    expect(new Set(items.map((d) => d.id)).size).toBe(2_501);
    expect(items.filter((d) => d.platform === 'android').length).toBe(625);
    expect(items.find((d) => d.serial === generatedSerial(1234))?.id).toBe(generatedId(1234));
    const listCalls = fake.requestsTo('/v1.0/deviceManagement/managedDevices', 'GET');
    expect(listCalls).toHaveLength(3);
    expect(listCalls[1]!.query.get('$skiptoken')).toBe('1000');
    expect(listCalls.every((r) => r.query.get('$top') === '1000')).toBe(true);
  });

  it('refuses to send the token to a nextLink on another host', async () => {
    fake.failNext({
      status: 200,
      path: /managedDevices$/,
      body: { value: [], '@odata.nextLink': 'https://attacker.example/v1.0/deviceManagement/managedDevices?$skiptoken=1' },
    });
    const { mdm } = intuneAdapter(fake);
    await expect(collect(mdm.listDevices())).rejects.toThrow(/another host/);
  });
});

describe('Intune adapter: actions and command status', () => {
  it('wipes with the v1.0 parameters and reports pending, then done', async () => {
    const [d] = fake.seed([{ serialNumber: 'W1' }]);
    const { mdm } = intuneAdapter(fake);
    const handle = await mdm.wipe(d!.id, { keepEnrollmentData: false, keepUserData: false, removeEsim: true }, 'wf-1:wipe');
    expect(handle).toMatchObject({ source: 'intune', action: 'wipe', deviceId: d!.id });
    const post = fake.requestsTo(`/v1.0/deviceManagement/managedDevices/${d!.id}/wipe`, 'POST');
    expect(post[0]!.body).toEqual({ keepEnrollmentData: false, keepUserData: false, persistEsimDataPlan: false });
    expect(await mdm.commandStatus(handle)).toMatchObject({ state: 'pending' });
    expect((await mdm.getDevice(d!.id)).managementState).toBe('wipe_pending');
    fake.completeAction(d!.id, 'wipe', 'done');
    expect(await mdm.commandStatus(handle)).toEqual({ state: 'done' });
  });

  it('reports a failed or unsupported action as failed, and a vanished wiped device as done', async () => {
    const [a, b, c] = fake.seed([{ serialNumber: 'F1' }, { serialNumber: 'F2' }, { serialNumber: 'F3' }]);
    const { mdm } = intuneAdapter(fake);
    const ha = await mdm.retire(a!.id, 'k-a');
    fake.completeAction(a!.id, 'retire', 'failed');
    expect(await mdm.commandStatus(ha)).toMatchObject({ state: 'failed' });
    const hb = await mdm.syncDevice(b!.id, 'k-b');
    fake.completeAction(b!.id, 'syncDevice', 'notSupported');
    expect((await mdm.commandStatus(hb)).detail).toMatch(/does not support/);
    const hc = await mdm.wipe(c!.id, {}, 'k-c');
    fake.removeDevice(c!.id);
    expect(await mdm.commandStatus(hc)).toMatchObject({ state: 'done' });
  });

  it('rejects Return to Service, which Graph cannot send', async () => {
    const [d] = fake.seed([{}]);
    const { mdm } = intuneAdapter(fake);
    expect(mdm.capabilities.wipeReturnToService).toBe(false);
    await expect(mdm.wipe(d!.id, { returnToService: true }, 'k')).rejects.toBeInstanceOf(ValidationError);
    expect(fake.requestsTo('/wipe')).toHaveLength(0);
  });

  it('enables lost mode through beta and disables it through v1.0', async () => {
    const [d] = fake.seed([{ serialNumber: 'L1' }]);
    const { mdm } = intuneAdapter(fake);
    const on = await mdm.enableLostMode(d!.id, { message: 'Lost phone', phoneNumber: '03-0000-0000', footnote: 'IT desk' }, 'k1');
    const post = fake.requestsTo('/enableLostMode', 'POST')[0]!;
    expect(post.path).toBe(`/beta/deviceManagement/managedDevices/${d!.id}/enableLostMode`);
    expect(post.body).toEqual({ message: 'Lost phone', phoneNumber: '03-0000-0000', footer: 'IT desk' });
    expect((await mdm.commandStatus(on)).state).toBe('pending');
    fake.completeAction(d!.id, 'enableLostMode');
    expect((await mdm.commandStatus(on)).state).toBe('done');
    expect((await mdm.getDevice(d!.id)).lostMode).toBe('enabled');

    const off = await mdm.disableLostMode(d!.id, 'k2');
    expect(fake.requestsTo('/disableLostMode', 'POST')[0]!.path).toBe(`/v1.0/deviceManagement/managedDevices/${d!.id}/disableLostMode`);
    fake.device(d!.id)!.lostModeState = 'disabled'; // the device answered; Graph updated the state first
    expect((await mdm.commandStatus(off)).state).toBe('done');
  });

  it('deletes the record and reports done once it is gone; refuses while lost mode is on', async () => {
    const [d, lost] = fake.seed([{ serialNumber: 'D1' }, { serialNumber: 'D2', lostModeState: 'enabled' }]);
    const { mdm } = intuneAdapter(fake);
    const handle = await mdm.deleteRecord(d!.id, 'k');
    expect(fake.requestsTo(`/v1.0/deviceManagement/managedDevices/${d!.id}`, 'DELETE')).toHaveLength(1);
    expect(await mdm.commandStatus(handle)).toEqual({ state: 'done' });
    const error = await mdm.deleteRecord(lost!.id, 'k2').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BlockedError);
    expect((error as BlockedError).reason).toBe('lost_mode');
    expect(fake.device(lost!.id)).toBeDefined();
  });

  it('warns before deleting a device in lost mode, an ADE device or an Android device', async () => {
    const [ios, android] = fake.seed([
      { serialNumber: 'N1', lostModeState: 'enabled' },
      { serialNumber: 'N2', operatingSystem: 'Android', model: 'Pixel 8', manufacturer: 'Google', deviceEnrollmentType: 'userEnrollment' },
    ]);
    const { mdm } = intuneAdapter(fake);
    expect(
      mdm
        .destructiveNotes(await mdm.getDevice(ios!.id))
        .map((n) => n.code)
        .sort(),
    ).toEqual(['ade_assignment_remains', 'delete_in_lost_mode_locks_device']);
    expect(mdm.destructiveNotes(await mdm.getDevice(android!.id)).map((n) => n.code)).toEqual(['android_delete_wipes']);
  });

  it('reports license seats from config and managedDeviceOverview, or unknown with the reason', async () => {
    fake.seed([{}, {}, {}]);
    expect(await intuneAdapter(fake).mdm.licenseStatus()).toMatchObject({ known: false, note: expect.stringMatching(/INTUNE_LICENSE_TOTAL/) });
    expect(await intuneAdapter(fake, { env: { INTUNE_LICENSE_TOTAL: '3' } }).mdm.licenseStatus()).toMatchObject({ known: true, total: 3, used: 3, free: 0 });
  });
});

describe('Intune adapter: throttling and errors', () => {
  it('waits for Retry-After on 429, then succeeds', async () => {
    const [d] = fake.seed([{}]);
    fake.failNext({ status: 429, headers: { 'retry-after': '7' }, body: graphError(429, 'TooManyRequests', 'Too many requests') });
    const { mdm, sleeps } = intuneAdapter(fake);
    expect((await mdm.getDevice(d!.id)).id).toBe(d!.id);
    expect(sleeps).toContain(7_000);
  });

  it('backs off on 429 without Retry-After on a read, then succeeds; a device action answered 429 is sent once', async () => {
    const [d] = fake.seed([{ serialNumber: 'S429' }]);
    fake.failNext({ status: 429, times: 2 });
    const { mdm, sleeps } = intuneAdapter(fake);
    expect(await mdm.findBySerial('S429')).toHaveLength(1);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[1]!).toBeGreaterThan(sleeps[0]!);
    fake.failNext({ status: 429, path: /\/wipe$/ });
    await expect(mdm.wipe(d!.id, {}, 'k')).rejects.toBeInstanceOf(ThrottledError);
    expect(fake.requestsTo('/wipe', 'POST')).toHaveLength(1);
  });

  it('gives up with ThrottledError carrying retry-after when throttling persists', async () => {
    fake.failNext({ status: 429, headers: { 'retry-after': '120' }, times: 10 });
    const { mdm } = intuneAdapter(fake);
    const error = await mdm.findBySerial('X1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThrottledError);
    expect((error as ThrottledError).retryAfterMs).toBe(120_000);
  });

  it('retries a 503 and then succeeds', async () => {
    fake.seed([{ serialNumber: 'S503' }]);
    fake.failNext({ status: 503, path: /managedDevices$/ });
    const { mdm } = intuneAdapter(fake);
    expect(await mdm.findBySerial('S503')).toHaveLength(1);
  });

  it('maps a 403 to Forbidden naming the missing permission', async () => {
    const [d] = fake.seed([{}]);
    const { mdm } = intuneAdapter(fake);
    fake.failNext({
      status: 403,
      body: graphError(
        403,
        'Forbidden',
        'Application is not authorized to perform this operation. Application must have one of the following scopes: DeviceManagementManagedDevices.PrivilegedOperations.All',
      ),
    });
    const named = await mdm.retire(d!.id, 'k').catch((e: unknown) => e);
    expect(named).toBeInstanceOf(ForbiddenError);
    expect((named as ForbiddenError).missingPermission).toBe('DeviceManagementManagedDevices.PrivilegedOperations.All');
    fake.failNext({ status: 403, method: 'DELETE', body: graphError(403, 'Forbidden', 'Insufficient privileges.') });
    const inferred = await mdm.deleteRecord(d!.id, 'k').catch((e: unknown) => e);
    expect(inferred).toBeInstanceOf(ForbiddenError);
    expect((inferred as ForbiddenError).missingPermission).toBe('DeviceManagementManagedDevices.ReadWrite.All');
  });

  it('maps a 400 Graph error body to ValidationError with the Graph code', async () => {
    fake.failNext({ status: 400, body: graphError(400, 'BadRequest', 'Invalid filter clause') });
    const { mdm } = intuneAdapter(fake);
    const error = await mdm.findBySerial('X').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).code).toBe('BadRequest');
    expect((error as Error).message).toContain('Invalid filter clause');
  });

  it('keeps device writes under 200 per 20 seconds', async () => {
    fake.generate(205);
    let clock = 1_700_000_000_000;
    const waits: number[] = [];
    const { mdm } = intuneAdapter(fake, {
      now: () => clock,
      sleep: async (ms) => {
        waits.push(ms);
        clock += ms;
      },
    });
    const start = clock;
    await Promise.all(Array.from({ length: 205 }, (_, i) => mdm.syncDevice(generatedId(i), `k${i}`)));
    expect(fake.requestsTo('/syncDevice', 'POST')).toHaveLength(205);
    // the 201st write had to wait for the first one to leave the 20 s window
    expect(clock - start).toBeGreaterThanOrEqual(20_000);
    expect(waits.some((w) => w > 19_000)).toBe(true);
  });
});

// Intune's answer to "did Graph get our action?" (issue 12), read from the device's deviceActionResults: an action
// started since the bot sent it is found, with its start time; an earlier round's finished action is not ours;
// a deletion or wipe whose device has left Intune is found (the goal is reached). Nothing is sent.
describe('Intune findCommand', () => {
  it('finds the wipe Graph accepted whose answer was lost (503 after acceptance), and nothing for an action not sent', async () => {
    const [d] = fake.seed([{}]);
    const { mdm } = intuneAdapter(fake);
    const since = new Date();
    fake.failNext({ path: /\/wipe$/, status: 503, afterVendor: true });
    await expect(mdm.wipe(d!.id, {}, 'k')).rejects.toThrow('may have accepted it');
    const found = await mdm.findCommand(d!.id, 'wipe', since);
    expect(found).toMatchObject({ state: 'found', handle: { source: 'intune', action: 'wipe', deviceId: d!.id } });
    expect(await mdm.findCommand(d!.id, 'disable_lost_mode', since)).toEqual({ state: 'absent' });
    // the found handle follows the same action
    fake.completeAction(d!.id, 'wipe');
    expect(found.state === 'found' && (await mdm.commandStatus(found.handle))).toEqual({ state: 'done' });
    expect(fake.requestsTo('/wipe', 'POST')).toHaveLength(1);
  });

  it("does not take an earlier round's finished action for this one", async () => {
    const old = new Date(Date.now() - 30_000).toISOString();
    const [d] = fake.seed([{ deviceActionResults: [{ actionName: 'wipe', actionState: 'failed', startDateTime: old, lastUpdatedDateTime: old }] }]);
    const { mdm } = intuneAdapter(fake);
    expect(await mdm.findCommand(d!.id, 'wipe', new Date())).toEqual({ state: 'absent' });
  });

  it('a record that is gone: a deletion or a wipe is found, lost mode is not', async () => {
    const { mdm } = intuneAdapter(fake);
    const since = new Date();
    expect(await mdm.findCommand('gone-1', 'delete', since)).toMatchObject({ state: 'found', handle: { action: 'delete' } });
    const wipe = await mdm.findCommand('gone-1', 'wipe', since);
    expect(wipe.state === 'found' && (await mdm.commandStatus(wipe.handle)).state).toBe('done');
    expect(await mdm.findCommand('gone-1', 'disable_lost_mode', since)).toEqual({ state: 'absent' });
    const [d] = fake.seed([{}]);
    expect(await mdm.findCommand(d!.id, 'delete', since)).toEqual({ state: 'absent' });
  });
});
