// The CSV of what a run changed (or, in a dry run, would change): one line per created device, per link, per
// changed field and per skipped device. The Slack attachment keeps the first `maxRows` lines so the message
// stays postable; the full list is streamed to a file (SYNC_REPORT_DIR) so a 1,000,000-device run never holds
// it in memory.
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { neutraliseCell } from '../csv/cell';

export const CSV_HEADER = [
  'run_id',
  'source',
  'action',
  'ledger_device_id',
  'mdm_device_id',
  'serial',
  'asset_number',
  'field',
  'old_value',
  'new_value',
  'note',
] as const;

export type ChangeAction = 'created' | 'linked' | 'relinked' | 'updated' | 'skipped';

export interface ChangeLine {
  source: string;
  action: ChangeAction;
  ledgerDeviceId: string | null;
  mdmDeviceId: string;
  serial: string | null;
  assetNumber: string | null;
  field?: string | null;
  from?: string | null;
  to?: string | null;
  note?: string | null;
}

/** One RFC 4180 line. Hand-written because csv-stringify's sync API builds a stringifier per call, which
 *  cost more than the whole rule evaluation at 100,000 devices. Device names come from phone users: every
 *  cell is neutralised against spreadsheet formulas (src/csv/cell.ts). */
export function csvLine(fields: readonly (string | null | undefined)[]): string {
  if (fields.length === 0) return '\n';
  const cells: string[] = new Array(fields.length);
  for (let i = 0; i < fields.length; i++) {
    const f = neutraliseCell(fields[i] ?? '');
    cells[i] = /[",\r\n]/.test(f) || f !== f.trim() ? '"' + f.replace(/"/g, '""') + '"' : f;
  }
  // joined, not concatenated: one flat string, where `+=` left a chain of a few dozen small strings per line
  // that the attachment's kept lines held on to
  cells[fields.length - 1] += '\n';
  return cells.join(',');
}

/** Lines gathered before one write to the file: a write per line cost a Buffer and a queued request each, and
 *  a page's few thousand of them outlived the page (issue 16: they were part of what grew the sync's heap). */
const FLUSH_CHARS = 64 * 1024;

export class ChangeLog {
  private readonly kept: string[] = [];
  private total = 0;
  private file: WriteStream | null = null;
  private pending: string[] = [];
  private pendingChars = 0;
  readonly path: string | null;

  constructor(
    private readonly runId: string,
    private readonly maxRows: number,
    dir: string | null,
  ) {
    this.path = dir ? join(dir, `sync-${runId}.csv`) : null;
    if (this.path) {
      mkdirSync(dir!, { recursive: true });
      this.file = createWriteStream(this.path, { encoding: 'utf8' });
      this.file.write(csvLine(CSV_HEADER));
    }
  }

  get rows(): number {
    return this.total;
  }

  get truncated(): boolean {
    return this.total > this.kept.length;
  }

  add(line: ChangeLine): void {
    const text = csvLine([
      this.runId,
      line.source,
      line.action,
      line.ledgerDeviceId,
      line.mdmDeviceId,
      line.serial,
      line.assetNumber,
      line.field,
      line.from,
      line.to,
      line.note,
    ]);
    this.total++;
    if (this.kept.length < this.maxRows) this.kept.push(text);
    if (this.file) {
      this.pending.push(text);
      this.pendingChars += text.length;
      if (this.pendingChars >= FLUSH_CHARS) this.flush();
    }
  }

  private flush(): void {
    if (this.pending.length) this.file?.write(this.pending.join(''));
    this.pending = [];
    this.pendingChars = 0;
  }

  /** The attachment: header plus the first maxRows lines. */
  csv(): string {
    return csvLine(CSV_HEADER) + this.kept.join('');
  }

  async close(): Promise<void> {
    this.flush();
    const file = this.file;
    this.file = null;
    if (file) await new Promise<void>((resolve, reject) => file.end((error?: Error | null) => (error ? reject(error) : resolve())));
  }
}
