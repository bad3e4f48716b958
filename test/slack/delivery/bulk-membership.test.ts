// Whether a workflow is in a bulk run (bulk-status.ts, isInBulkRun), asked at every change of its parent: kept in
// memory once final, on both databases. A yes is final at once (a workflow never leaves a run); a no only once the
// workflow's thread is posted — before that, its run may still record it (joinBulkRun, possibly in another process:
// here the row is written directly).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { beginBulkRun, forgetBulkMembership, isInBulkRun, joinBulkRun } from '../../../src/slack/delivery/bulk-status';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../support/databases';

describe.each(DIALECTS)('bulk-run membership on %s', (dialect) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase(dialect);
  });
  afterEach(async () => {
    await db.cleanup();
  });

  const newWorkflow = async () => (await db.prisma.workflow.create({ data: { kind: 'offboarding', title: 'Emma' } })).id;
  const newRun = () => beginBulkRun(db.prisma, { requestedBy: 'U1', locale: 'en', channel: 'C1' });
  /** what another process's joinBulkRun leaves: the row, and nothing in this process's memory */
  const joinElsewhere = async (runId: string, workflowId: string) => {
    await db.prisma.bulkRunWorkflow.create({ data: { bulkRunId: runId, workflowId } });
  };
  const postThread = (workflowId: string) => db.prisma.workflow.update({ where: { id: workflowId }, data: { slackChannel: 'C1', slackThreadTs: '1.000001' } });

  it('a no heard before the thread is posted is not kept: the workflow joining its run afterwards is a yes', async () => {
    const wf = await newWorkflow();
    expect(await isInBulkRun(db.prisma, wf)).toBe(false);
    await joinElsewhere(await newRun(), wf);
    expect(await isInBulkRun(db.prisma, wf)).toBe(true);
  });

  it('once the thread is posted a no is kept (no query per change), until the workflow is forgotten at its end', async () => {
    const wf = await newWorkflow();
    await postThread(wf);
    expect(await isInBulkRun(db.prisma, wf)).toBe(false);
    // a join after the post breaks the rule the cache rests on: the kept answer shows that nothing was read again
    await joinElsewhere(await newRun(), wf);
    expect(await isInBulkRun(db.prisma, wf)).toBe(false);
    forgetBulkMembership(db.prisma, wf);
    expect(await isInBulkRun(db.prisma, wf)).toBe(true);
  });

  it("a join in this process replaces a no it kept (a thread posted before its join: the bot's own race)", async () => {
    const wf = await newWorkflow();
    await postThread(wf);
    expect(await isInBulkRun(db.prisma, wf)).toBe(false);
    await joinBulkRun(db.prisma, await newRun(), wf);
    expect(await isInBulkRun(db.prisma, wf)).toBe(true);
  });

  it('a yes is kept from the first answer', async () => {
    const wf = await newWorkflow();
    const runId = await newRun();
    await joinElsewhere(runId, wf);
    expect(await isInBulkRun(db.prisma, wf)).toBe(true);
    await db.prisma.bulkRunWorkflow.deleteMany({ where: { workflowId: wf } });
    expect(await isInBulkRun(db.prisma, wf)).toBe(true);
  });
});
