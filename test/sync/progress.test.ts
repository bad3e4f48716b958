// A long sync says where it is (issue 16): after each page of each source, onProgress hears the devices decided
// so far — what a moving status message and the benchmark's RSS line are built on.
import { afterEach, describe, expect, it } from 'vitest';
import type { Dialect } from '../../src/db/client';
import { createSync } from '../../src/sync';
import type { SyncProgress } from '../../src/sync/source-run';
import { FakeIntuneServer } from '../adapters/mdm/intune/fake-intune-server';
import { intuneAdapter } from '../adapters/mdm/intune/intune-adapter';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases';
import { RecordingReports } from './support/memory-mdm';

describe.each(DIALECTS)('sync progress (%s)', (dialect: Dialect) => {
  let graph: FakeIntuneServer;
  let database: TestDatabase;
  afterEach(async () => {
    await graph?.close();
    await database?.cleanup();
  });

  it('is told after every page, with the count growing to the whole fleet', async () => {
    graph = await FakeIntuneServer.start();
    database = await createTestDatabase(dialect);
    graph.generate(250);
    const heard: SyncProgress[] = [];
    const { mdm } = intuneAdapter(graph);
    const [summary] = await createSync({
      db: database.prisma,
      services: { mdms: [mdm], abm: null, reports: new RecordingReports() },
      settings: { reportDir: null, pageSize: 100 },
      onProgress: (p) => heard.push(p),
    }).runNow({ dryRun: false, actor: 'test', trigger: 'command' });
    expect(summary?.status).toBe('succeeded');
    expect(heard.map((p) => [p.source, p.scanned, p.pages])).toEqual([
      ['intune', 100, 1],
      ['intune', 200, 2],
      ['intune', 250, 3],
    ]);
  });
});
