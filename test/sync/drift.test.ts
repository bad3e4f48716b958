// The drift report across MDM, ABM and ledger, posted as thread replies of the run's message.
import { afterEach, describe, expect, it } from 'vitest';
import type { DriftReport } from '../../src/sync/drift';
import { DIALECTS } from '../support/databases';
import { harness, NOW, type Harness } from './support/harness';
import { mdmDevice } from './support/memory-mdm';

const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000);

async function storedDrift(h: Harness, runId: string): Promise<DriftReport> {
  return JSON.parse((await h.db.syncRun.findUniqueOrThrow({ where: { id: runId } })).driftJson!).drift;
}

describe.each(DIALECTS)('drift report (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.cleanup());

  it('finds each kind of drift: retired-but-managed, not in ledger, ABM never enrolled, ADE still assigned, duplicate serials, no user', async () => {
    h = await harness(dialect, { abm: true });
    await h.db.person.create({ data: { id: 'p-1', email: 'eve@example.com', displayName: 'Eve' } });
    await h.db.device.createMany({
      data: [
        { id: 'retired-managed', serial: 'RET1', status: 'retired' },
        { id: 'retired-ade', serial: 'RET2', status: 'disposed' },
        { id: 'dup-1', serial: 'DUP9' },
        { id: 'dup-2', serial: 'dup9 ' },
        { id: 'ok', serial: 'OK1', assignedPersonId: 'p-1', status: 'in_use' },
      ],
    });
    h.mdms[0]!.set([
      mdmDevice('intune', 'm-ret', { serial: 'RET1', userEmail: 'eve@example.com', managementState: 'managed' }),
      mdmDevice('intune', 'm-new', { serial: 'NEWX', userEmail: 'eve@example.com' }),
      mdmDevice('intune', 'm-nouser', { serial: 'NOUSER', userEmail: null, userUpn: null }),
      mdmDevice('intune', 'm-ok', { serial: 'OK1', userEmail: 'eve@example.com' }),
    ]);
    h.abm!.addServer('srv-1', 'Intune server')
      .addDevice('srv-1', 'NEVER1', daysAgo(30)) // assigned a month ago, never enrolled
      .addDevice('srv-1', 'FRESH1', daysAgo(2)) // assigned two days ago: not yet drift
      .addDevice('srv-1', 'OK1', daysAgo(90)) // enrolled: fine
      .addDevice('srv-1', 'RET2', daysAgo(400)) // retired in the ledger but still assigned
      .addDevice('srv-1', 'GONE1', daysAgo(60), 'UNASSIGNED'); // not assigned: not ours to report
    const [summary] = await h.sync({ driftDays: 7 }).runNow({ dryRun: false, actor: 'schedule', trigger: 'schedule' });
    const drift = await storedDrift(h, summary!.runId);
    expect(drift.retiredButManaged.items.map((i) => i.ledgerDeviceId)).toEqual(['retired-managed']);
    expect(drift.notInLedger.items.map((i) => i.mdmDeviceId).sort()).toEqual(['m-new', 'm-nouser']);
    expect(drift.abmNotEnrolled.items.map((i) => i.serial)).toEqual(['NEVER1']);
    expect(drift.adeAssignedRetired.items).toEqual([expect.objectContaining({ serial: 'RET2', ledgerDeviceId: 'retired-ade' })]);
    expect(drift.duplicateSerials.items.map((i) => i.serial)).toEqual(['DUP9']);
    expect(drift.noUser.items.map((i) => i.serial)).toEqual(['NOUSER']);

    const notes = h.reports.posted[0]!.threadNotes!;
    expect(notes.map((n) => [n.text.key, n.text.params?.count])).toEqual([
      ['sync.drift.retiredButManaged', 1],
      ['sync.drift.notInLedger', 2],
      ['sync.drift.abmNotEnrolled', 1],
      ['sync.drift.adeAssignedRetired', 1],
      ['sync.drift.duplicateSerials', 1],
      ['sync.drift.noUser', 1],
    ]);
    expect(notes[2]!.items![0]).toMatchObject({ key: 'sync.drift.item', params: expect.objectContaining({ serial: 'NEVER1' }) });
  });

  it('a clean fleet gets "nothing looks wrong"; long lists are cut with a count of the rest', async () => {
    h = await harness(dialect);
    await h.db.person.create({ data: { id: 'p-1', email: 'eve@example.com', displayName: 'Eve' } });
    h.mdms[0]!.set([mdmDevice('intune', 'm-1', { serial: 'C1', userEmail: 'eve@example.com' })]);
    await h.sync().runNow({ dryRun: false, actor: 'schedule', trigger: 'schedule' }); // first run: m-1 is new
    await h.sync().runNow({ dryRun: false, actor: 'schedule', trigger: 'schedule' });
    expect(h.reports.posted[1]!.threadNotes).toEqual([{ kind: 'success', text: { key: 'sync.drift.none' } }]);

    h.mdms[0]!.set(Array.from({ length: 5 }, (_, i) => mdmDevice('intune', `n-${i}`, { serial: `N${i}`, userEmail: 'eve@example.com' })));
    await h.sync({ driftListed: 2 }).runNow({ dryRun: false, actor: 'schedule', trigger: 'schedule' });
    const note = h.reports.posted[2]!.threadNotes!.find((n) => n.text.key === 'sync.drift.notInLedger')!;
    expect(note.items!.map((i) => i.key)).toEqual(['sync.drift.item', 'sync.drift.item', 'sync.drift.more']);
    expect(note.items![2]!.params).toEqual({ count: 3 });
  });

  it('an ABM failure leaves the rest of the report intact and says which part is missing', async () => {
    h = await harness(dialect, { abm: true });
    h.abm!.listMdmServers = async () => {
      throw new Error('ABM token rejected');
    };
    h.mdms[0]!.set([mdmDevice('intune', 'm-1', { serial: 'C1' })]);
    const [summary] = await h.sync().runNow({ dryRun: false, actor: 'schedule', trigger: 'schedule' });
    expect(summary!.status).toBe('succeeded');
    const keys = h.reports.posted[0]!.threadNotes!.map((n) => n.text.key);
    expect(keys).toContain('sync.drift.failed');
    expect(keys).toContain('sync.drift.notInLedger');
  });
});
