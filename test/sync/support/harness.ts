// Shared set-up for the sync tests: a real database (SQLite file or PostgreSQL schema), in-memory MDMs and
// ABM, a recording ReportPort, and helpers to seed and read the ledger.
import type { Dialect } from '../../../src/db/client';
import type { Db } from '../../../src/db/client';
import { createSync, type Sync } from '../../../src/sync';
import type { SyncSettings } from '../../../src/sync/settings';
import { createTestDatabase, type TestDatabase } from '../../support/databases';
import { MemoryAbm, MemoryMdm, RecordingReports } from './memory-mdm';

export interface Harness {
  database: TestDatabase;
  db: Db;
  mdms: MemoryMdm[];
  abm: MemoryAbm | null;
  reports: RecordingReports;
  clock: { now: Date };
  sync(settings?: Partial<SyncSettings>): Sync;
  devices(): Promise<Awaited<ReturnType<Db['device']['findMany']>>>;
  cleanup(): Promise<void>;
}

export const NOW = new Date('2026-11-23T06:00:00Z');

export async function harness(dialect: Dialect, options: { sources?: string[]; abm?: boolean } = {}): Promise<Harness> {
  const database = await createTestDatabase(dialect);
  const mdms = (options.sources ?? ['intune']).map((s) => new MemoryMdm(s));
  const abm = options.abm ? new MemoryAbm() : null;
  const reports = new RecordingReports();
  const clock = { now: NOW };
  return {
    database,
    db: database.prisma,
    mdms,
    abm,
    reports,
    clock,
    sync: (settings = {}) =>
      createSync({
        db: database.prisma,
        services: { mdms, abm, reports },
        now: () => clock.now,
        settings: { pageSize: 3, reportDir: null, ...settings },
      }),
    devices: () => database.prisma.device.findMany({ orderBy: { createdAt: 'asc' } }),
    cleanup: () => database.cleanup(),
  };
}
