// Issue 13, item 15: the Josys document applies the SYS prefix to a device *registered as new* whose mapped asset
// number already exists ("新しいデバイスとして登録され、その資産番号は「SYS」の接頭辞付き"). An already matched record
// is never renamed to SYS<number>: it keeps its own asset number and the clash is reported.
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncSettings } from '../../src/sync/settings';
import { DIALECTS } from '../support/databases';
import { harness, type Harness } from './support/harness';
import { mdmDevice } from './support/memory-mdm';

const run = async (h: Harness, settings: Partial<SyncSettings> = {}) => (await h.sync(settings).runNow({ dryRun: false, actor: 'U1', trigger: 'command' }))[0]!;

describe.each(DIALECTS)('SYS prefix only for new devices (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.cleanup());

  it('a matched record with no asset number does not take SYS<number>: left empty and reported', async () => {
    h = await harness(dialect, { sources: ['jamf'] });
    await h.db.device.createMany({
      data: [
        { id: 'holder', serial: 'OTHER', assetNumber: 'PC-7' },
        { id: 'matched', serial: 'JSER1' },
      ],
    });
    h.mdms[0]!.set([mdmDevice('jamf', 'j-1', { serial: 'JSER1', name: 'PC-7' })]);
    const summary = await run(h, { assetFrom: 'name' });
    expect(summary.counts).toMatchObject({ matched: 1, created: 0, sysPrefixed: 0 });
    expect(await h.db.device.findUniqueOrThrow({ where: { id: 'matched' } })).toMatchObject({ mdmDeviceId: 'j-1', assetNumber: null });
    expect(h.reports.posted[0]!.threadNotes!.map((n) => n.text.key)).toContain('sync.drift.assetConflicts');
  });

  it('asset=mdm: a matched record keeps its own number when the MDM one belongs to another device', async () => {
    h = await harness(dialect, { sources: ['jamf'] });
    await h.db.device.createMany({
      data: [
        { id: 'holder', serial: 'OTHER', assetNumber: 'PC-7' },
        { id: 'matched', serial: 'JSER1', assetNumber: 'PC-1' },
      ],
    });
    h.mdms[0]!.set([mdmDevice('jamf', 'j-1', { serial: 'JSER1', name: 'PC-7' })]);
    const summary = await run(h, {
      assetFrom: 'name',
      priorities: { serial: 'ledger', manufacturer: 'ledger', model: 'ledger', asset: 'mdm', platform: 'ledger', os: 'mdm', user: 'mdm' },
    });
    expect(summary.counts).toMatchObject({ matched: 1, sysPrefixed: 0 });
    expect(await h.db.device.findUniqueOrThrow({ where: { id: 'matched' } })).toMatchObject({ assetNumber: 'PC-1' });
  });

  it('a new device whose asset number exists is still registered with the SYS prefix', async () => {
    h = await harness(dialect, { sources: ['jamf'] });
    await h.db.device.create({ data: { id: 'holder', serial: 'OTHER', assetNumber: 'PC-7' } });
    h.mdms[0]!.set([mdmDevice('jamf', 'j-2', { serial: 'JSER2', assetTag: 'PC-7' })]);
    const summary = await run(h);
    expect(summary.counts).toMatchObject({ created: 1, sysPrefixed: 1 });
    expect(await h.db.device.findFirstOrThrow({ where: { mdmDeviceId: 'j-2' } })).toMatchObject({ assetNumber: 'SYSPC-7' });
  });
});
