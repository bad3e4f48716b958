import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBuiltinLedger, type BuiltinLedger } from '../../../../src/adapters/ledger/builtin';
import { ConflictError, NotFoundError, ValidationError } from '../../../../src/errors';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../../support/databases';

const helpdesk = { actor: 'U0HELPDESK' };

describe.each(DIALECTS)('built-in ledger on %s', (dialect) => {
  let db: TestDatabase;
  let ledger: BuiltinLedger;
  let clock = new Date('2026-04-01T09:00:00Z');
  const tick = () => (clock = new Date(clock.getTime() + 60_000));

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    ledger = createBuiltinLedger(db.prisma, { now: tick });
  });
  afterAll(async () => db.cleanup());

  it('creates a device with defaults and a "created" history entry', async () => {
    const d = await ledger.create(
      { serial: 'F2LXQ0AAA1', assetNumber: 'PC-0001', platform: 'ios', model: 'iPhone 15', os: 'iOS (17.5.1)', notes: '営業部 予備機' },
      helpdesk,
    );
    expect(d).toMatchObject({
      serial: 'F2LXQ0AAA1',
      assetNumber: 'PC-0001',
      platform: 'ios',
      status: 'in_stock',
      source: 'ledger',
      mdmSource: null,
      assignedTo: null,
      notes: '営業部 予備機',
    });
    const history = await ledger.history(d.id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ kind: 'created', actor: 'U0HELPDESK', toStatus: 'in_stock' });
  });

  it('finds by serial, asset number and person; refuses bad values', async () => {
    const d = await ledger.create({ serial: 'SER-FIND-1', assetNumber: 'PC-0002' }, helpdesk);
    expect((await ledger.findBySerial('SER-FIND-1')).map((x) => x.id)).toEqual([d.id]);
    expect((await ledger.findByAssetNumber('PC-0002'))?.id).toBe(d.id);
    expect(await ledger.findByAssetNumber('PC-NONE')).toBeNull();
    expect(await ledger.findBySerial('')).toEqual([]);
    // the sync stores a serial as the MDM reports it (here lower-case); a plan typed in upper case, or with spaces,
    // finds it as the sync does
    const lower = await ledger.create({ serial: 'f17qxlower1' }, helpdesk);
    expect((await ledger.findBySerial('F17QXLOWER1')).map((x) => x.id)).toEqual([lower.id]);
    expect((await ledger.findBySerial(' f17qxLower1 ')).map((x) => x.id)).toEqual([lower.id]);
    await expect(ledger.create({ serial: 'X', status: 'broken' as never }, helpdesk)).rejects.toBeInstanceOf(ValidationError);
    await expect(ledger.create({ serial: 'X', platform: 'symbian' }, helpdesk)).rejects.toBeInstanceOf(ValidationError);
    await expect(ledger.create({ serial: 'Y', assetNumber: 'PC-0002' }, helpdesk)).rejects.toBeInstanceOf(ConflictError);
    await expect(ledger.get('no-such-id')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('assigns, reassigns and unassigns with history; repeating is a no-op', async () => {
    const d = await ledger.create({ serial: 'SER-ASSIGN', assetNumber: 'PC-0003' }, helpdesk);
    const a = await ledger.assign(d.id, { email: 'Hanako.Yamada@example.co.jp', displayName: '山田 花子' }, { actor: 'workflow:wf1', workflowId: 'wf1' });
    expect(a.assignedTo).toMatchObject({ email: 'hanako.yamada@example.co.jp', displayName: '山田 花子' });
    await ledger.assign(d.id, { email: 'hanako.yamada@example.co.jp' }, helpdesk); // same person: nothing happens
    expect((await ledger.findByPerson({ email: 'HANAKO.YAMADA@example.co.jp' })).map((x) => x.id)).toEqual([d.id]);

    const b = await ledger.assign(d.id, { slackUserId: 'U0TARO', displayName: '佐藤 太郎' }, helpdesk);
    expect(b.assignedTo?.slackUserId).toBe('U0TARO');
    expect(await ledger.findByPerson({ email: 'hanako.yamada@example.co.jp' })).toEqual([]);
    const c = await ledger.unassign(d.id, helpdesk);
    expect(c.assignedTo).toBeNull();
    await ledger.unassign(d.id, helpdesk);

    const kinds = (await ledger.history(d.id)).map((h) => [h.kind, h.person?.displayName ?? null, h.workflowId ?? null]);
    expect(kinds).toEqual([
      ['created', null, null],
      ['assigned', '山田 花子', 'wf1'],
      ['unassigned', '山田 花子', null],
      ['assigned', '佐藤 太郎', null],
      ['unassigned', '佐藤 太郎', null],
    ]);
    expect(await ledger.findByPerson({ email: 'nobody@example.co.jp' })).toEqual([]);
  });

  it('changes status with a reason, and records field edits with what changed', async () => {
    const d = await ledger.create({ serial: 'SER-STATUS', assetNumber: 'PC-0004', model: 'iPhone 13' }, helpdesk);
    await ledger.setStatus(d.id, 'lost', '紛失届 2026-04-01', { actor: 'workflow:wf2', workflowId: 'wf2' });
    await ledger.setStatus(d.id, 'lost', 'retry of the same step', { actor: 'workflow:wf2', workflowId: 'wf2' });
    const u = await ledger.update(d.id, { model: 'iPhone 13 mini', notes: '画面割れ' }, helpdesk);
    expect(u).toMatchObject({ status: 'lost', model: 'iPhone 13 mini', notes: '画面割れ' });
    await ledger.update(d.id, { model: 'iPhone 13 mini' }, helpdesk); // no change, no entry
    const history = await ledger.history(d.id);
    expect(history.map((h) => h.kind)).toEqual(['created', 'status', 'updated']);
    expect(history[1]).toMatchObject({ fromStatus: 'in_stock', toStatus: 'lost', reason: '紛失届 2026-04-01', workflowId: 'wf2' });
    const raw = await db.prisma.deviceHistory.findFirst({ where: { deviceId: d.id, kind: 'updated' } });
    expect(JSON.parse(raw!.detailsJson!)).toEqual({ model: { from: 'iPhone 13', to: 'iPhone 13 mini' }, notes: { from: null, to: '画面割れ' } });
  });

  it('finds MDM-linked devices by MDM id and refuses to delete them', async () => {
    const linked = await db.prisma.device.create({
      data: { serial: 'SER-MDM', assetNumber: 'PC-0005', source: 'intune', mdmSource: 'intune', mdmDeviceId: 'aad-1234' },
    });
    expect((await ledger.findByMdmId('intune', 'aad-1234'))?.id).toBe(linked.id);
    expect(await ledger.findByMdmId('jamf', 'aad-1234')).toBeNull();
    const error = await ledger.delete(linked.id, helpdesk).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toMatch(/linked to intune/);
    expect(await db.prisma.device.count({ where: { id: linked.id } })).toBe(1);

    const own = await ledger.create({ serial: 'SER-MDM', assetNumber: 'PC-0006' }, helpdesk);
    await ledger.delete(own.id, helpdesk);
    await expect(ledger.get(own.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});
