// The run's report: counts equal to what changed in the database, the CSV of changes, one message per run,
// and the dry run that writes nothing but reports exactly what the real run then does.
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { t, catalogs } from '../../src/i18n';
import { DIALECTS } from '../support/databases';
import { harness, type Harness } from './support/harness';
import { mdmDevice } from './support/memory-mdm';

async function seedMixedFleet(h: Harness) {
  await h.db.person.create({ data: { id: 'p-dan', email: 'dan@example.com', displayName: 'Dan' } });
  await h.db.device.createMany({
    data: [
      { id: 'dup-a', serial: 'AMBIG' },
      { id: 'dup-b', serial: 'ambig' },
      { id: 'hand-1', serial: 'HAND1', model: 'ledger model' },
    ],
  });
  const fleet = [
    mdmDevice('intune', 'u-1', { serial: 'SAME1', osName: 'iOS', osVersion: '17.1' }),
    mdmDevice('intune', 'u-2', { serial: 'SAME2', osName: 'iOS', osVersion: '17.1' }),
    mdmDevice('intune', 'u-3', { serial: 'SAME3', osName: 'iOS', osVersion: '17.1' }),
    mdmDevice('intune', 'c-1', { serial: 'CHG1', osName: 'iOS', osVersion: '17.1' }),
    mdmDevice('intune', 'c-2', { serial: 'CHG2', osName: 'iOS', osVersion: '17.1' }),
    mdmDevice('intune', 'r-1', { serial: 'REFRESH1' }),
  ];
  h.mdms[0]!.set(fleet);
  await h.sync().runNow({ dryRun: false, actor: 'U1', trigger: 'command' });
  // second night: 3 unchanged, 2 changed, 1 check-in only, 1 links a hand-made record, 2 new, 1 ambiguous
  fleet[3]!.osVersion = '17.2';
  fleet[4]!.userEmail = 'dan@example.com';
  fleet[5]!.lastCheckInAt = new Date('2026-11-23T01:00:00Z');
  h.mdms[0]!.set([
    ...fleet,
    mdmDevice('intune', 'h-1', { serial: 'HAND1', model: 'MDM model' }),
    mdmDevice('intune', 'n-1', { serial: 'NEW1' }),
    mdmDevice('intune', 'n-2', { serial: 'NEW2' }),
    mdmDevice('intune', 'a-1', { serial: 'AMBIG' }),
  ]);
  h.reports.posted.length = 0;
}

async function snapshot(h: Harness) {
  const devices = await h.db.device.findMany({ orderBy: { id: 'asc' } });
  const history = await h.db.deviceHistory.findMany({ orderBy: { id: 'asc' } });
  return { devices, history };
}

describe.each(DIALECTS)('sync report (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.cleanup());

  it('the counts equal what changed in the ledger, and the CSV lists exactly those changes', async () => {
    h = await harness(dialect);
    await seedMixedFleet(h);
    const before = await snapshot(h);
    h.clock.now = new Date('2026-11-24T06:00:00Z');
    const [summary] = await h.sync().runNow({ dryRun: false, actor: 'schedule', trigger: 'schedule' });
    const after = await snapshot(h);

    expect(summary!.counts).toEqual({
      scanned: 10,
      matched: 7,
      unchanged: 3,
      updated: 3,
      refreshed: 1,
      created: 2,
      sysPrefixed: 0,
      skipped: 1,
      skippedReasons: { ambiguous_match: 1 },
      notInMdm: 0,
    });
    const c = summary!.counts;
    expect(c.scanned).toBe(c.matched + c.created + c.skipped);
    expect(c.matched).toBe(c.unchanged + c.updated + c.refreshed);

    // what really changed
    const old = new Map(before.devices.map((d) => [d.id, d]));
    const created = after.devices.filter((d) => !old.has(d.id));
    const touched = after.devices.filter((d) => old.has(d.id) && d.updatedAt.getTime() !== old.get(d.id)!.updatedAt.getTime());
    expect(created).toHaveLength(c.created);
    expect(touched).toHaveLength(c.updated + c.refreshed);
    expect(await h.db.device.findUniqueOrThrow({ where: { id: 'hand-1' } })).toMatchObject({ mdmDeviceId: 'h-1', model: 'ledger model' });

    // the message: one per run, counts and the CSV attached
    expect(h.reports.posted).toHaveLength(1);
    const report = h.reports.posted[0]!;
    expect(report.note.text.key).toBe('sync.report.title');
    expect(report.note.items![0]).toEqual({
      key: 'sync.report.counts',
      params: expect.objectContaining({ source: 'intune', scanned: 10, created: 2, updated: 3, skipped: 1 }),
    });
    expect(report.note.items!.map((i) => i.key)).toContain('sync.skip.ambiguous_match');
    const rows = parse(report.attachment!.content, { columns: true }) as Record<string, string>[];
    expect(
      rows
        .filter((r) => r.action === 'created')
        .map((r) => r.mdm_device_id)
        .sort(),
    ).toEqual(['n-1', 'n-2']);
    expect(rows.filter((r) => r.action === 'linked').map((r) => r.mdm_device_id)).toEqual(['h-1']);
    expect(
      rows
        .filter((r) => r.action === 'updated')
        .map((r) => `${r.mdm_device_id}:${r.field}:${r.new_value}`)
        .sort(),
    ).toEqual([
      'c-1:os:iOS (17.2)',
      'c-2:assignedPersonId:p-dan',
      'c-2:userEmail:dan@example.com',
      // the hand-made record takes the MDM-only fields and fills its empty ledger-first fields (model stays)
      'h-1:assetNumber:h-1',
      'h-1:enrolledAt:2026-01-01T00:00:00.000Z',
      'h-1:platform:ios',
    ]);
    expect(rows.filter((r) => r.action === 'skipped')).toEqual([expect.objectContaining({ mdm_device_id: 'a-1', note: 'ambiguous_match' })]);
    expect(rows.some((r) => r.mdm_device_id === 'r-1' || (r.mdm_device_id ?? '').startsWith('u-'))).toBe(false);

    // the sync run is recorded with the same counts
    const run = await h.db.syncRun.findUniqueOrThrow({ where: { id: summary!.runId } });
    expect(run.status).toBe('succeeded');
    expect(JSON.parse(run.countsJson!)).toEqual(summary!.counts);
    expect(run.reportCsv).toBe(report.attachment!.content);
  });

  it('dry run writes nothing to the ledger and reports exactly what the real run then does', async () => {
    h = await harness(dialect);
    await seedMixedFleet(h);
    // same-run effects must show in a dry run too: a duplicate new serial on a later page, a shared asset name
    h.mdms[0]!.devices.push(mdmDevice('intune', 'n-3', { serial: 'NEW1', enrolledAt: new Date('2026-01-02T00:00:00Z') }));
    const before = await snapshot(h);
    const [dry] = await h.sync({ assetFrom: 'name' }).runNow({ dryRun: true, actor: 'U9', trigger: 'command' });
    expect(await snapshot(h)).toEqual(before);
    expect(dry!.dryRun).toBe(true);
    const dryReport = h.reports.posted[0]!;
    expect(dryReport.note.text.key).toBe('sync.report.titleDryRun');

    const [real] = await h.sync({ assetFrom: 'name' }).runNow({ dryRun: false, actor: 'U9', trigger: 'command' });
    expect(dry!.counts).toEqual(real!.counts);
    const lines = (csv: string) =>
      (parse(csv, { columns: true }) as Record<string, string>[]).map((r) => `${r.action}:${r.mdm_device_id}:${r.field}:${r.new_value}:${r.note}`);
    expect(lines(dryReport.attachment!.content)).toEqual(lines(h.reports.posted[1]!.attachment!.content));
  });

  it('every catalogue key the report uses exists in Japanese and English', async () => {
    h = await harness(dialect, { abm: true });
    await seedMixedFleet(h);
    await h.sync().runNow({ dryRun: false, actor: 'U1', trigger: 'command' });
    const report = h.reports.posted[0]!;
    const keys = [report.note.text, ...(report.note.items ?? []), ...report.threadNotes!.flatMap((n) => [n.text, ...(n.items ?? [])])].map((x) => x.key);
    for (const key of keys) {
      expect(catalogs.ja[key], key).toBeTypeOf('string');
      expect(catalogs.en[key], key).toBeTypeOf('string');
    }
    expect(
      Object.keys(catalogs.ja)
        .filter((k) => k.startsWith('sync.'))
        .sort(),
    ).toEqual(
      Object.keys(catalogs.en)
        .filter((k) => k.startsWith('sync.'))
        .sort(),
    );
    expect(t('en', 'sync.report.counts', { ...report.note.items![0]!.params })).toContain('scanned 10');
  });

  it('the full change list is streamed to SYNC_REPORT_DIR; the attachment keeps the first rows and says so', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    h = await harness(dialect);
    const dir = mkdtempSync(join(tmpdir(), 'sync-report-'));
    h.mdms[0]!.set(Array.from({ length: 7 }, (_, i) => mdmDevice('intune', `m-${i}`, { serial: `S${i}` })));
    const [summary] = await h.sync({ reportMaxRows: 3, reportDir: dir }).runNow({ dryRun: false, actor: 'U1', trigger: 'command' });
    expect(summary!.changeRows).toBe(7);
    const full = parse(readFileSync(summary!.csvPath!, 'utf8'), { columns: true }) as unknown[];
    expect(full).toHaveLength(7);
    const report = h.reports.posted[0]!;
    expect(parse(report.attachment!.content, { columns: true })).toHaveLength(3);
    expect(report.note.items!.find((i) => i.key === 'sync.report.csvTruncated')!.params).toMatchObject({ shown: 3, total: 7, path: summary!.csvPath });
  });
});
