import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJosysLedger, type JosysLedger } from '../../../../src/adapters/ledger/josys';
import type { JosysConfig } from '../../../../src/config/sections/josys';
import { ConflictError, NotFoundError, UnauthorizedError, ValidationError } from '../../../../src/errors';
import { FakeJosysServer } from './fake-josys-server';
import { recordedWaits } from '../../support';

const KEY = 'josys-user-key-1234';
const SECRET = 'josys-secret-abcd-5678';
const actor = { actor: 'workflow:wf-9', workflowId: 'wf-9' };
// 20:00 UTC on 31 March is already 1 April in Tokyo: the dates Josys gets are company calendar dates
const NOW = new Date('2026-03-31T20:00:00Z');

describe('Josys ledger adapter', () => {
  let fake: FakeJosysServer;
  let ledger: JosysLedger;
  let sleeps: number[];
  const config = (over: Partial<JosysConfig> = {}): JosysConfig => ({
    JOSYS_API_URL: fake.url,
    JOSYS_TOKEN_URL: undefined,
    JOSYS_API_USER_KEY: KEY,
    JOSYS_API_SECRET: SECRET,
    JOSYS_STATUS_MAP: undefined,
    JOSYS_FIELD_MAP: undefined,
    ...over,
  });
  const deps = () => ({ ...recordedWaits(sleeps), now: () => NOW });

  beforeEach(async () => {
    fake = await FakeJosysServer.start({ key: KEY, secret: SECRET });
    fake.addMember({ uuid: 'm-hanako', email: 'hanako.yamada@example.co.jp', last_name: '山田', first_name: '花子' });
    fake.addMember({ uuid: 'm-taro', email: 'taro.sato@example.co.jp', last_name: '佐藤', first_name: '太郎' });
    sleeps = [];
    ledger = createJosysLedger(config(), deps());
  });
  afterEach(async () => fake.close());

  it('exchanges the API user key/secret for a token once, and again after a 401', async () => {
    fake.addDevice({ serial_number: 'S1' });
    await ledger.findBySerial('S1');
    await ledger.findBySerial('S1');
    expect(fake.tokens.issued).toHaveLength(1);
    expect(fake.http.received('/api/v1/oauth/tokens')[0]!.body).toEqual({ grant_type: 'client_credentials', api_user_key: KEY, api_user_secret: SECRET });
    fake.revokeTokens();
    expect(await ledger.findBySerial('S1')).toHaveLength(1);
    expect(fake.tokens.issued).toHaveLength(2);
  });

  it('refuses bad credentials with UnauthorizedError that names the variables, not the secret', async () => {
    const bad = createJosysLedger(config({ JOSYS_API_SECRET: 'wrong-secret-0000' }), deps());
    const error = await bad.findBySerial('S1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect((error as Error).message).toMatch(/JOSYS_API_SECRET/);
    expect((error as Error).message).not.toContain('wrong-secret-0000');
  });

  it('finds devices by serial and asset number, with statuses mapped back from lower-case answers', async () => {
    const d = fake.addDevice({
      serial_number: 'F17ZX1ABC',
      asset_number: 'PC-0001',
      manufacturer: 'Apple',
      model_name: 'iPhone 15',
      operating_system: 'iOS 17.5',
      status: 'DECOMMISSIONED',
      additional_device_information: '旧端末（故障）',
    });
    const [found] = await ledger.findBySerial('F17ZX1ABC');
    expect(found).toMatchObject({
      id: d.uuid,
      serial: 'F17ZX1ABC',
      assetNumber: 'PC-0001',
      model: 'iPhone 15',
      os: 'iOS 17.5',
      status: 'retired',
      source: 'ledger',
      notes: '旧端末（故障）',
      assignedTo: null,
    });
    expect(fake.http.received('/api/v1/devices/search')[0]!.body).toEqual({ serial_number: { operator: 'equals', value: ['F17ZX1ABC'] } });
    expect((await ledger.findByAssetNumber('PC-0001'))?.id).toBe(d.uuid);
    expect(await ledger.findByAssetNumber('PC-9')).toBeNull();
    expect(await ledger.findBySerial('NONE')).toEqual([]);
    expect(await ledger.findByMdmId('intune', 'x')).toBeNull();
    await expect(ledger.get('no-such-uuid')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('pages through search results with x-total-pages', async () => {
    for (let i = 0; i < 230; i++) fake.addDevice({ serial_number: `B${i}`, assignee_uuid: 'm-taro', status: 'IN_USE', assignment_start_date: '2026-01-05' });
    const devices = await ledger.findByPerson({ email: 'taro.sato@example.co.jp' });
    expect(devices).toHaveLength(230);
    const pages = fake.http.received('/api/v1/devices/search').map((r) => r.query.get('page'));
    expect(pages).toEqual(['1', '2', '3']);
    expect(devices[0]).toMatchObject({ status: 'in_use', assignedTo: { id: 'm-taro', displayName: '佐藤 太郎' } });
    expect(await ledger.findByPerson({ slackUserId: 'U0ONLYSLACK' })).toEqual([]);
  });

  it('creates and updates with the mapped statuses; a repeated status change sends nothing', async () => {
    const created = await ledger.create(
      { serial: 'NEW1', assetNumber: 'PC-0100', manufacturer: 'Apple', model: 'iPhone 16', notes: '新入社員用 "予備"' },
      actor,
    );
    expect(created).toMatchObject({ serial: 'NEW1', status: 'in_stock', notes: '新入社員用 "予備"' });
    expect(fake.http.received('/api/v1/devices', 'POST')[0]!.body).toEqual({
      serial_number: 'NEW1',
      asset_number: 'PC-0100',
      manufacturer: 'Apple',
      model_name: 'iPhone 16',
      additional_device_information: '新入社員用 "予備"',
      status: 'AVAILABLE',
    });
    const retired = await ledger.setStatus(created.id, 'disposed', '廃棄業者へ', actor);
    expect(retired.status).toBe('retired'); // Josys has one DECOMMISSIONED for both
    expect(fake.devices.get(created.id)!.status).toBe('DECOMMISSIONED');
    await ledger.setStatus(created.id, 'retired', 'same Josys status', actor);
    expect(fake.http.received(`/api/v1/devices/${created.id}`, 'PATCH')).toHaveLength(1);
    const edited = await ledger.update(created.id, { os: 'iOS 18.1' }, actor);
    expect(edited.os).toBe('iOS 18.1');
    await expect(ledger.create({ serial: 'DUP', assetNumber: 'PC-0100' }, actor)).rejects.toBeInstanceOf(ConflictError);
  });

  it('assigns by email with a company-calendar date, reassigns through unassign, and unassigns', async () => {
    const d = fake.addDevice({ serial_number: 'S2' });
    const assigned = await ledger.assign(d.uuid, { email: 'Hanako.Yamada@example.co.jp' }, actor);
    expect(assigned).toMatchObject({ status: 'in_use', assignedTo: { id: 'm-hanako', email: 'hanako.yamada@example.co.jp', displayName: '山田 花子' } });
    expect(fake.http.received(`/api/v1/devices/assign/${d.uuid}`)[0]!.body).toEqual({ assignee_uuid: 'm-hanako', assignment_start_date: '2026-04-01' });
    await ledger.assign(d.uuid, { id: 'm-hanako' }, actor);
    expect(fake.http.received(`/api/v1/devices/assign/${d.uuid}`)).toHaveLength(1);

    const moved = await ledger.assign(d.uuid, { email: 'taro.sato@example.co.jp' }, actor);
    expect(moved.assignedTo?.id).toBe('m-taro');
    expect(fake.http.received(`/api/v1/devices/unassign/${d.uuid}`)[0]!.body).toEqual({ assignment_end_date: '2026-04-01' });
    expect(await ledger.history(d.uuid)).toEqual([
      {
        at: new Date('2026-04-01'),
        kind: 'assigned',
        actor: 'josys',
        person: { id: 'm-taro', email: 'taro.sato@example.co.jp', displayName: '佐藤 太郎' },
        fromStatus: null,
        toStatus: null,
        reason: null,
      },
    ]);

    const back = await ledger.unassign(d.uuid, actor);
    expect(back).toMatchObject({ assignedTo: null, status: 'in_stock' });
    await ledger.unassign(d.uuid, actor);
    expect(fake.http.received(`/api/v1/devices/unassign/${d.uuid}`)).toHaveLength(2);
    expect(await ledger.history(d.uuid)).toEqual([]);
    await expect(ledger.assign(d.uuid, { email: 'ghost@example.co.jp' }, actor)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('takes unconfirmed field names from JOSYS_FIELD_MAP, so an admin can fix them without a release', async () => {
    await fake.close();
    fake = await FakeJosysServer.start({ key: KEY, secret: SECRET, names: { assignUser: 'user_profile_uuid', assignDate: 'start_date' } });
    fake.addMember({ uuid: 'm-hanako', email: 'hanako.yamada@example.co.jp', last_name: '山田', first_name: '花子' });
    const d = fake.addDevice({ serial_number: 'S3' });
    const stale = createJosysLedger(config(), deps());
    await expect(stale.assign(d.uuid, { id: 'm-hanako' }, actor)).rejects.toBeInstanceOf(ValidationError);
    const fixed = createJosysLedger(config({ JOSYS_FIELD_MAP: JSON.stringify({ assignUser: 'user_profile_uuid', assignDate: 'start_date' }) }), deps());
    expect((await fixed.assign(d.uuid, { id: 'm-hanako' }, actor)).assignedTo?.id).toBe('m-hanako');
  });

  it('retries a 429 after Retry-After and a 503 with backoff', async () => {
    fake.addDevice({ serial_number: 'S4' });
    fake.failNext({ path: '/api/v1/devices/search', status: 429, headers: { 'retry-after': '1' }, body: { message: 'Too Many Requests' } });
    fake.failNext({ path: '/api/v1/devices/search', status: 503, body: { message: 'Service Unavailable' } });
    expect(await ledger.findBySerial('S4')).toHaveLength(1);
    expect(sleeps[0]).toBe(1000);
    expect(sleeps).toHaveLength(2);
  });

  it('checks its configuration', () => {
    expect(() => createJosysLedger(config({ JOSYS_API_USER_KEY: undefined, JOSYS_API_SECRET: undefined }))).toThrow(/JOSYS_API_USER_KEY, JOSYS_API_SECRET/);
    expect(() => createJosysLedger(config({ JOSYS_STATUS_MAP: 'in_use' }))).toThrow(ValidationError);
    expect(() => createJosysLedger(config({ JOSYS_FIELD_MAP: '{"colour":"x"}' }))).toThrow(/unknown keys colour/);
    expect(() => createJosysLedger(config({ JOSYS_FIELD_MAP: 'not json' }))).toThrow(/not valid JSON/);
  });
});
