import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSnipeItLedger, type SnipeItLedger } from '../../../../src/adapters/ledger/snipeit';
import type { SnipeItConfig } from '../../../../src/config/sections/snipeit';
import { createLogger } from '../../../../src/log/logger';
import { ConflictError, NotFoundError, ThrottledError, UnauthorizedError, ValidationError } from '../../../../src/errors';
import { FakeSnipeItServer } from './fake-snipeit-server';
import { recordedWaits } from '../../support';

const TOKEN = 'snipe-token-0123456789abcdef';
const actor = { actor: 'workflow:wf-77', workflowId: 'wf-77' };

describe('Snipe-IT ledger adapter', () => {
  let fake: FakeSnipeItServer;
  let ledger: SnipeItLedger;
  let sleeps: number[];
  const config = (over: Partial<SnipeItConfig> = {}): SnipeItConfig => ({
    SNIPEIT_URL: fake.url,
    SNIPEIT_API_TOKEN: TOKEN,
    SNIPEIT_STATUS_MAP: 'in_use=2,in_stock=1,repair=3,lost=4,retired=5,disposed=6',
    SNIPEIT_DEFAULT_MODEL_ID: '20',
    SNIPEIT_FIELD_MAP: JSON.stringify({ os: '_snipeit_os_3', mdmDeviceId: '_snipeit_mdm_id_5', mdmSource: '_snipeit_mdm_source_6' }),
    SNIPEIT_RATE_LIMIT_PER_MINUTE: 120,
    ...over,
  });
  const deps = () => ({ ...recordedWaits(sleeps) });

  beforeEach(async () => {
    fake = await FakeSnipeItServer.start({ token: TOKEN, customFields: { _snipeit_os_3: 'OS', _snipeit_mdm_id_5: 'MDM ID', _snipeit_mdm_source_6: 'MDM' } });
    for (const [id, name, type] of [
      [1, '在庫', 'deployable'],
      [2, '利用中', 'deployable'],
      [3, '修理中', 'pending'],
      [4, '紛失', 'undeployable'],
      [5, '退役', 'archived'],
      [6, '廃棄', 'archived'],
    ] as const)
      fake.addLabel({ id, name, type });
    fake.addModel({ id: 10, name: 'iPhone 15', manufacturer: 'Apple' });
    fake.addModel({ id: 20, name: '未分類', manufacturer: 'Generic' });
    fake.addUser({ id: 7, name: '山田 花子', username: 'hyamada', email: 'hanako.yamada@example.co.jp' });
    fake.addUser({ id: 8, name: '佐藤 太郎', username: 'tsato', email: 'taro.sato@example.co.jp' });
    sleeps = [];
    ledger = createSnipeItLedger(config(), deps());
  });
  afterEach(async () => fake.close());

  it('reads devices by serial and asset tag; "does not exist" (HTTP 200 + status:error) is no device', async () => {
    const a = fake.addAsset({
      asset_tag: 'PC-0001',
      serial: 'F17ZX1ABC',
      model_id: 10,
      status_id: 2,
      assigned_to: 7,
      notes: '営業部 "予備" <旧>',
      custom: { _snipeit_os_3: 'iOS (17.5.1)', _snipeit_mdm_id_5: 'aad-1', _snipeit_mdm_source_6: 'intune' },
    });
    const [d] = await ledger.findBySerial('F17ZX1ABC');
    expect(d).toMatchObject({
      id: String(a.id),
      serial: 'F17ZX1ABC',
      assetNumber: 'PC-0001',
      manufacturer: 'Apple',
      model: 'iPhone 15',
      os: 'iOS (17.5.1)',
      status: 'in_use',
      assignedTo: { id: '7', email: 'hanako.yamada@example.co.jp', displayName: '山田 花子' },
      mdmSource: 'intune',
      mdmDeviceId: 'aad-1',
      notes: '営業部 "予備" <旧>',
    });
    expect(await ledger.findBySerial('NOPE')).toEqual([]);
    expect((await ledger.findByAssetNumber('PC-0001'))?.id).toBe(String(a.id));
    expect(await ledger.findByAssetNumber('PC-9999')).toBeNull();
    expect((await ledger.findByMdmId('intune', 'aad-1'))?.id).toBe(String(a.id));
    expect(await ledger.findByMdmId('jamf', 'aad-1')).toBeNull();
    expect((await ledger.findByPerson({ email: 'HANAKO.YAMADA@example.co.jp' })).map((x) => x.id)).toEqual([String(a.id)]);
    expect(await ledger.findByPerson({ slackUserId: 'U0NOBODY' })).toEqual([]);
    await expect(ledger.get('999999')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('creates with asset_tag, model_id and status_id, and reads the created asset back', async () => {
    const d = await ledger.create({ serial: 'NEWSER1', assetNumber: 'PC-0100', model: 'iPhone 15', os: 'iOS (18.0)', notes: '新入社員用' }, actor);
    expect(d).toMatchObject({ serial: 'NEWSER1', assetNumber: 'PC-0100', model: 'iPhone 15', status: 'in_stock', os: 'iOS (18.0)', notes: '新入社員用' });
    const post = fake.http.received('/api/v1/hardware', 'POST')[0]!.body as Record<string, unknown>;
    expect(post).toMatchObject({ asset_tag: 'PC-0100', serial: 'NEWSER1', model_id: 10, status_id: 1, _snipeit_os_3: 'iOS (18.0)' });

    const unknownModel = await ledger.create({ serial: 'NEWSER2', assetNumber: 'PC-0101', model: 'Pixel 9' }, actor);
    expect(unknownModel.model).toBe('未分類');
  });

  it('surfaces Snipe-IT 200-with-error answers as typed errors', async () => {
    fake.addAsset({ asset_tag: 'PC-0001', model_id: 10, status_id: 1 });
    const dup = await ledger.create({ serial: 'X1', assetNumber: 'PC-0001', model: 'iPhone 15' }, actor).catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(ConflictError);
    expect((dup as Error).message).toMatch(/asset_tag: The asset tag must be unique/);
    const missing = await ledger.create({ serial: 'X2', model: 'iPhone 15' }, actor).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ValidationError);
    expect((missing as Error).message).toMatch(/asset tag field is required/);
    const noModel = createSnipeItLedger(config({ SNIPEIT_DEFAULT_MODEL_ID: undefined }), deps());
    await expect(noModel.create({ serial: 'X3', assetNumber: 'PC-3', model: 'Unknown' }, actor)).rejects.toThrow(/SNIPEIT_DEFAULT_MODEL_ID/);
  });

  it('checks out to a person, reassigns through a checkin, and checks in; repeats change nothing', async () => {
    const a = fake.addAsset({ asset_tag: 'PC-0002', serial: 'S2', model_id: 10, status_id: 1 });
    const id = String(a.id);
    const assigned = await ledger.assign(id, { email: 'hanako.yamada@example.co.jp' }, actor);
    expect(assigned).toMatchObject({ status: 'in_use', assignedTo: { id: '7' } });
    expect(fake.http.received(`/api/v1/hardware/${id}/checkout`)[0]!.body).toEqual({
      checkout_to_type: 'user',
      assigned_user: 7,
      note: 'devicebot: workflow:wf-77',
      status_id: 2,
    });
    await ledger.assign(id, { email: 'hanako.yamada@example.co.jp' }, actor);
    expect(fake.http.received(`/api/v1/hardware/${id}/checkout`)).toHaveLength(1);

    const moved = await ledger.assign(id, { id: '8' }, { actor: 'U0HELP' });
    expect(moved.assignedTo?.displayName).toBe('佐藤 太郎');
    expect(fake.http.received(`/api/v1/hardware/${id}/checkin`)).toHaveLength(1);

    const back = await ledger.unassign(id, { actor: 'U0HELP' });
    expect(back.assignedTo).toBeNull();
    await ledger.unassign(id, { actor: 'U0HELP' });
    expect(fake.http.received(`/api/v1/hardware/${id}/checkin`)).toHaveLength(2);

    await expect(ledger.assign(id, { email: 'ghost@example.co.jp' }, actor)).rejects.toThrow(/no Snipe-IT user/);
    const history = await ledger.history(id);
    expect(history.map((h) => [h.kind, h.actor, h.person?.displayName ?? null])).toEqual([
      ['created', 'API User', null],
      ['assigned', 'workflow:wf-77', '山田 花子'],
      ['unassigned', 'U0HELP', '山田 花子'],
      ['assigned', 'U0HELP', '佐藤 太郎'],
      ['unassigned', 'U0HELP', '佐藤 太郎'],
    ]);
  });

  it('changes status through the configured label ids and updates fields', async () => {
    const a = fake.addAsset({ asset_tag: 'PC-0003', serial: 'S3', model_id: 10, status_id: 1 });
    const lost = await ledger.setStatus(String(a.id), 'lost', '紛失届', actor);
    expect(lost.status).toBe('lost');
    expect(fake.assets.get(a.id)!.status_id).toBe(4);
    await ledger.setStatus(String(a.id), 'lost', 'retry', actor);
    expect(fake.http.received(`/api/v1/hardware/${a.id}`, 'PATCH')).toHaveLength(1);
    const edited = await ledger.update(String(a.id), { notes: '警察に届出済', serial: 'S3-FIXED' }, actor);
    expect(edited).toMatchObject({ notes: '警察に届出済', serial: 'S3-FIXED' });
    const status = (await ledger.history(String(a.id))).find((h) => h.toStatus === '4');
    expect(status).toMatchObject({ kind: 'updated', fromStatus: '1' });
  });

  it('waits out a 429 with a short Retry-After and retries a 5xx', async () => {
    fake.addAsset({ asset_tag: 'PC-0004', serial: 'S4', model_id: 10, status_id: 1 });
    fake.failNext({ path: '/api/v1/hardware/byserial/S4', status: 429, headers: { 'retry-after': '3' }, body: { message: 'Too Many Attempts.' } });
    fake.failNext({ path: '/api/v1/hardware/byserial/S4', status: 502, body: '<html>Bad Gateway</html>' });
    expect(await ledger.findBySerial('S4')).toHaveLength(1);
    expect(sleeps[0]).toBe(3000);
    expect(sleeps).toHaveLength(2);
  });

  it('stays under the request cap: no more starts in a window than configured', async () => {
    fake.addAsset({ asset_tag: 'PC-0005', serial: 'S5', model_id: 10, status_id: 1 });
    const capped = createSnipeItLedger(config(), { rateLimit: { limit: 4, windowMs: 400 } });
    const started = Date.now();
    await Promise.all(Array.from({ length: 10 }, () => capped.findBySerial('S5')));
    expect(Date.now() - started).toBeGreaterThanOrEqual(790); // 10 requests at 4 per 400 ms need three windows
    // Seen from the server: the 5th request never arrives within a window of the 1st (150 ms slack for
    // network jitter on a loaded machine; an uncapped client sends all ten within a few milliseconds).
    const times = fake.requests.map((r) => r.at).sort((x, y) => x - y);
    for (let i = 4; i < times.length; i++) expect(times[i]! - times[i - 4]!).toBeGreaterThanOrEqual(250);
  });

  it('hands Snipe-IT’s own throttle (long Retry-After) to the engine as ThrottledError', async () => {
    await fake.close();
    fake = await FakeSnipeItServer.start({ token: TOKEN, throttlePerMinute: 2 });
    const tight = createSnipeItLedger(config(), deps());
    await tight.findBySerial('A');
    await tight.findBySerial('B');
    const error = await tight.findBySerial('C').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThrottledError);
    expect((error as ThrottledError).retryAfterMs).toBeGreaterThan(30_000);
    expect(fake.throttled).toBe(1);
  });

  it('logs nothing secret: the API token never appears', async () => {
    const lines: string[] = [];
    const logged = createSnipeItLedger(config(), { ...deps(), logger: createLogger({ level: 'debug', sink: (l) => lines.push(l) }) });
    fake.failNext({ path: '/api/v1/hardware/byserial/S9', status: 500, body: { message: `Server Error ${TOKEN}` } });
    await logged.findBySerial('S9');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('\n')).not.toContain(TOKEN);
  });

  it('a wrong token is UnauthorizedError without the token in the message', async () => {
    const wrong = createSnipeItLedger(config({ SNIPEIT_API_TOKEN: 'wrong-token-9999' }), deps());
    const error = await wrong.findBySerial('S1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect((error as Error).message).not.toContain('wrong-token-9999');
  });

  it('checks its configuration', () => {
    expect(() => createSnipeItLedger(config({ SNIPEIT_URL: undefined, SNIPEIT_API_TOKEN: undefined }))).toThrow(/SNIPEIT_URL, SNIPEIT_API_TOKEN/);
    expect(() => createSnipeItLedger(config({ SNIPEIT_STATUS_MAP: 'in_use=deployed' }))).toThrow(/status label id is a number/);
    expect(() => createSnipeItLedger(config({ SNIPEIT_STATUS_MAP: 'broken=2' }))).toThrow(ValidationError);
    expect(() => createSnipeItLedger(config({ SNIPEIT_FIELD_MAP: '{"colour":"_x"}' }))).toThrow(/unknown keys colour/);
  });
});
