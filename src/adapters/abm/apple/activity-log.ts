// Per-device results of an orgDeviceActivity. Apple documents that an activity can be COMPLETED while some
// devices failed (subStatus COMPLETED_WITH_ERROR / COMPLETED_WITH_FAILURE) and that the details are in "the
// downloadable activity logs" (attribute downloadUrl, a pre-signed blob-store URL). Apple does NOT document the
// log's columns, so this parser is deliberately tolerant (UNVERIFIED against a real log): it finds the serial
// column by a header containing "serial" (or "device"), a status/result column, and an error/message/reason
// column, in any order and case. A row fails when its status says fail/error, or it carries an error text.
import { parse } from 'csv-parse/sync';

export interface DeviceResult {
  serial: string;
  ok: boolean;
  error?: string;
}

export function parseActivityLog(text: string): DeviceResult[] {
  const rows = parse(text.replace(/^\uFEFF/, ''), { skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
  if (rows.length < 1) return [];
  const header = rows[0]!.map((h) => h.toLowerCase());
  const find = (...patterns: RegExp[]) => {
    for (const p of patterns) {
      const i = header.findIndex((h) => p.test(h));
      if (i >= 0) return i;
    }
    return -1;
  };
  const serialCol = find(/serial/, /device/, /^id$/);
  if (serialCol < 0) return [];
  const statusCol = find(/status/, /result/, /outcome/);
  const errorCol = find(/error/, /message/, /reason/, /detail/);
  const out: DeviceResult[] = [];
  for (const row of rows.slice(1)) {
    const serial = row[serialCol]?.trim();
    if (!serial) continue;
    const status = statusCol >= 0 ? (row[statusCol] ?? '') : '';
    const error = errorCol >= 0 ? (row[errorCol] ?? '').trim() : '';
    const failed = /fail|error|reject|invalid/i.test(status) || (error !== '' && !/^(none|-|n\/a|success)$/i.test(error));
    out.push(failed ? { serial, ok: false, error: error || status || 'failed' } : { serial, ok: true });
  }
  return out;
}
