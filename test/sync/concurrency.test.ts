// One sync at a time across processes (the Lease row), crashed runs marked failed, a failing source, and the
// fence that stops a process whose lease was taken over.
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client';
import { createSync, INTERRUPTED } from '../../src/sync';
import { SYNC_LEASE } from '../../src/sync/lease';
import { DIALECTS } from '../support/databases';
import { harness, type Harness } from './support/harness';
import { mdmDevice, MemoryMdm, RecordingReports } from './support/memory-mdm';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe.each(DIALECTS)('sync concurrency and crashes (%s)', (dialect) => {
  let h: Harness;
  let second: Database | null = null;
  afterEach(async () => {
    await second?.close();
    second = null;
    await h?.cleanup();
  });

  it('a second process cannot start a sync while one runs; it answers already_running and writes nothing', async () => {
    h = await harness(dialect);
    h.mdms[0]!.set(Array.from({ length: 9 }, (_, i) => mdmDevice('intune', `m-${i}`, { serial: `S${i}` })));
    const hold = gate();
    const reachedPage = gate();
    h.mdms[0]!.beforePage = async () => {
      reachedPage.open();
      await hold.opened;
    };
    const first = h.sync().runNow({ dryRun: false, actor: 'schedule', trigger: 'schedule' });
    await reachedPage.opened;

    // another "process": its own connection pool / file handle, its own MDM client
    second = await openDatabase({ url: h.database.url, schema: h.database.schema, migrate: false });
    const otherMdm = new MemoryMdm('intune').set(h.mdms[0]!.devices);
    const otherReports = new RecordingReports();
    const other = createSync({
      db: second.prisma,
      services: { mdms: [otherMdm], abm: null, reports: otherReports },
      now: () => h.clock.now,
      settings: { pageSize: 3, reportDir: null },
    });
    const [busy] = await other.runNow({ dryRun: false, actor: 'U2', trigger: 'command' });
    expect(busy!.status).toBe('already_running');
    expect(otherMdm.pagesServed).toBe(0);
    expect(otherReports.posted).toHaveLength(0);
    // and a second call in the same process is refused too
    const [same] = await h.sync().runNow({ dryRun: true, actor: 'U3', trigger: 'command' });
    expect(same!.status).toBe('already_running');

    hold.open();
    const [done] = await first;
    expect(done!.status).toBe('succeeded');
    expect(done!.counts.created).toBe(9);
    expect(await h.db.lease.count({ where: { name: SYNC_LEASE } })).toBe(0);
    // once finished, the other process may run
    const [after] = await other.runNow({ dryRun: false, actor: 'U2', trigger: 'command' });
    expect(after!.status).toBe('succeeded');
    expect(after!.counts).toMatchObject({ matched: 9, unchanged: 9 });
  });

  it('a run whose process died is marked failed by the next run, which starts clean once the lease expired', async () => {
    h = await harness(dialect);
    const dead = await h.db.syncRun.create({
      data: { source: 'intune', status: 'running', owner: 'sync:999:dead', startedAt: new Date('2026-11-23T05:00:00Z') },
    });
    await h.db.lease.create({ data: { name: SYNC_LEASE, owner: 'sync:999:dead', expiresAt: new Date('2026-11-23T06:00:30Z') } });
    h.mdms[0]!.set([mdmDevice('intune', 'm-1', { serial: 'S1' })]);

    // lease not expired yet (clock 06:00:00): refused
    const [early] = await h.sync().runNow({ dryRun: false, actor: 'schedule', trigger: 'schedule' });
    expect(early!.status).toBe('already_running');
    expect((await h.db.syncRun.findUniqueOrThrow({ where: { id: dead.id } })).status).toBe('running');

    h.clock.now = new Date('2026-11-23T06:01:00Z');
    const [summary] = await h.sync().runNow({ dryRun: false, actor: 'schedule', trigger: 'schedule' });
    expect(summary!.status).toBe('succeeded');
    expect(await h.db.syncRun.findUniqueOrThrow({ where: { id: dead.id } })).toMatchObject({ status: 'failed', error: INTERRUPTED });
    expect(await h.db.device.count()).toBe(1);
  });

  it('an MDM failing mid-stream marks the run failed, keeps the pages written, releases the lease; the next run completes', async () => {
    h = await harness(dialect);
    h.mdms[0]!.set(Array.from({ length: 9 }, (_, i) => mdmDevice('intune', `m-${i}`, { serial: `S${i}` })));
    h.mdms[0]!.failAfterPages = 1;
    const [failed] = await h.sync().runNow({ dryRun: false, actor: 'schedule', trigger: 'schedule' });
    expect(failed!.status).toBe('failed');
    expect(failed!.error).toMatch(/connection reset/);
    expect(await h.db.syncRun.findUniqueOrThrow({ where: { id: failed!.runId } })).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/connection reset/),
    });
    expect(await h.db.device.count()).toBe(3); // the first page
    expect(await h.db.lease.count()).toBe(0);
    expect(h.reports.posted[0]!.note.kind).toBe('error');
    expect(h.reports.posted[0]!.note.items![0]!.key).toBe('sync.report.sourceFailed');

    h.mdms[0]!.failAfterPages = null;
    const [ok] = await h.sync().runNow({ dryRun: false, actor: 'schedule', trigger: 'schedule' });
    expect(ok!.counts).toMatchObject({ matched: 3, created: 6 });
    expect(await h.db.device.count()).toBe(9);
  });

  it('one failing MDM does not stop the others', async () => {
    h = await harness(dialect, { sources: ['jamf', 'android'] });
    h.mdms[0]!.set([mdmDevice('jamf', 'j-1', { serial: 'J1' })]);
    h.mdms[0]!.failAfterPages = 0;
    h.mdms[1]!.set([mdmDevice('android', 'a-1', { serial: 'A1' })]);
    const summaries = await h.sync().runNow({ dryRun: false, actor: 'schedule', trigger: 'schedule' });
    expect(summaries.map((s) => [s.source, s.status])).toEqual([
      ['jamf', 'failed'],
      ['android', 'succeeded'],
    ]);
    expect(await h.db.syncRun.count({ where: { status: 'succeeded' } })).toBe(1);
  });

  it('a process whose lease was taken over stops writing at the next page (the fence)', async () => {
    h = await harness(dialect);
    h.mdms[0]!.set(Array.from({ length: 9 }, (_, i) => mdmDevice('intune', `m-${i}`, { serial: `S${i}` })));
    let pages = 0;
    h.mdms[0]!.beforePage = async () => {
      pages++;
      // Page 3 is requested once page 2 has arrived, i.e. after page 1 was written and before page 2 is written
      // (the next page is fetched while the current one is written). Another process takes the lease over then.
      if (pages === 3) await h.db.lease.updateMany({ where: { name: SYNC_LEASE }, data: { owner: 'sync:other', expiresAt: new Date('2099-01-01T00:00:00Z') } });
    };
    const [summary] = await h.sync().runNow({ dryRun: false, actor: 'schedule', trigger: 'schedule' });
    expect(summary!.status).toBe('failed');
    expect(summary!.error).toMatch(/taken over/);
    expect(await h.db.device.count()).toBe(3);
    // the other process's lease is left alone
    expect(await h.db.lease.findUniqueOrThrow({ where: { name: SYNC_LEASE } })).toMatchObject({ owner: 'sync:other' });
  });
});
