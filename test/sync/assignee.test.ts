// Issue 13, item 14: the MDM wins for the user field (josys-mdm-master-sync: 利用者 = プライマリユーザー, MDM優先).
// A user the directory does not know no longer leaves the previous owner assigned: the MDM user is recorded as
// the unresolved assignee, reported in the drift report, and resolved once the person exists.
import { afterEach, describe, expect, it } from 'vitest';
import { createBuiltinLedger } from '../../src/adapters/ledger/builtin';
import type { DriftReport } from '../../src/sync/drift';
import { DIALECTS } from '../support/databases';
import { harness, NOW, type Harness } from './support/harness';
import { mdmDevice } from './support/memory-mdm';

const run = (h: Harness) => h.sync().runNow({ dryRun: false, actor: 'schedule', trigger: 'schedule' });
const drift = async (h: Harness, runId: string): Promise<DriftReport> =>
  JSON.parse((await h.db.syncRun.findUniqueOrThrow({ where: { id: runId } })).driftJson!).drift;

describe.each(DIALECTS)('the MDM user the directory does not know (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.cleanup());

  async function seed(userEmail: string | null): Promise<void> {
    h = await harness(dialect);
    await h.db.person.create({ data: { id: 'p-old', email: 'hana@example.com', displayName: 'Hana' } });
    await h.db.device.create({ data: { id: 'led-1', serial: 'SER1', assignedPersonId: 'p-old', status: 'in_use' } });
    h.mdms[0]!.set([mdmDevice('intune', 'm-1', { serial: 'SER1', userEmail, userUpn: userEmail })]);
  }

  it('replaces the old owner with an unresolved assignee, reports it, and resolves it once the person exists', async () => {
    await seed('Newbie@Example.com');
    const [summary] = await run(h);
    expect(await h.db.device.findUniqueOrThrow({ where: { id: 'led-1' } })).toMatchObject({ assignedPersonId: null, unresolvedAssignee: 'Newbie@Example.com' });
    expect((await drift(h, summary!.runId)).unresolvedAssignees).toMatchObject({
      total: 1,
      items: [{ ledgerDeviceId: 'led-1', detail: 'Newbie@Example.com' }],
    });
    expect(h.reports.posted.at(-1)!.threadNotes!.map((n) => n.text.key)).toContain('sync.drift.unresolvedAssignees');
    const history = await h.db.deviceHistory.findMany({ where: { deviceId: 'led-1', kind: 'unassigned' } });
    expect(history).toMatchObject([{ personId: 'p-old' }]);
    // The ledger says whose it is (the workflows' "held by someone else" checks read this).
    expect((await createBuiltinLedger(h.db).get('led-1')).assignedTo).toEqual({ email: 'Newbie@Example.com' });

    await h.db.person.create({ data: { id: 'p-new', email: 'newbie@example.com', displayName: 'Newbie' } });
    h.clock.now = new Date(NOW.getTime() + 86_400_000);
    const [next] = await run(h);
    expect(await h.db.device.findUniqueOrThrow({ where: { id: 'led-1' } })).toMatchObject({ assignedPersonId: 'p-new', unresolvedAssignee: null });
    expect((await drift(h, next!.runId)).unresolvedAssignees.total).toBe(0);
  });

  it('no user in the MDM: the ledger owner stays', async () => {
    await seed(null);
    await run(h);
    expect(await h.db.device.findUniqueOrThrow({ where: { id: 'led-1' } })).toMatchObject({ assignedPersonId: 'p-old', unresolvedAssignee: null });
  });

  it('assigning a person in the ledger clears the unresolved assignee', async () => {
    await seed('stranger@example.com');
    await run(h);
    const ledger = createBuiltinLedger(h.db);
    await ledger.assign('led-1', { email: 'hana@example.com' }, { actor: 'U_HELP' });
    expect(await h.db.device.findUniqueOrThrow({ where: { id: 'led-1' } })).toMatchObject({ assignedPersonId: 'p-old', unresolvedAssignee: null });
  });
});
