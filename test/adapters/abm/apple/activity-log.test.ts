import { describe, expect, it } from 'vitest';
import { parseActivityLog } from '../../../../src/adapters/abm/apple/activity-log';

// Apple documents that per-device details are in the downloadable activity log but not its columns: the
// parser must not depend on one exact header.
describe('ABM activity log parsing', () => {
  it('reads a serial/status/error log', () => {
    const csv =
      'Serial Number,Status,Error Message\nF17ZX1ABC,SUCCESS,\nF17ZX2DEF,FAILED,"Device is assigned to another organization, contact your reseller"\n';
    expect(parseActivityLog(csv)).toEqual([
      { serial: 'F17ZX1ABC', ok: true },
      { serial: 'F17ZX2DEF', ok: false, error: 'Device is assigned to another organization, contact your reseller' },
    ]);
  });

  it('accepts other header names and orders, a BOM, and CRLF line ends', () => {
    const csv = '\uFEFFresult,device_id,reason\r\nOK,AAA1,\r\nERROR,AAA2,NOT_FOUND\r\n';
    expect(parseActivityLog(csv)).toEqual([
      { serial: 'AAA1', ok: true },
      { serial: 'AAA2', ok: false, error: 'NOT_FOUND' },
    ]);
  });

  it('treats a row with an error text as failed even without a status column', () => {
    expect(parseActivityLog('serialNumber,message\nX1,\nX2,Invalid device\n')).toEqual([
      { serial: 'X1', ok: true },
      { serial: 'X2', ok: false, error: 'Invalid device' },
    ]);
  });

  it('gives nothing for a log without a device column (callers then fall back to subStatus)', () => {
    expect(parseActivityLog('foo,bar\n1,2\n')).toEqual([]);
    expect(parseActivityLog('')).toEqual([]);
  });
});
