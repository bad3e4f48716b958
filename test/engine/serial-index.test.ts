// The serial index (src/engine/serial-index.ts) on both databases: a workflow is indexed by the serials its
// definition names, normalised, in the transaction that starts it; workflows started before the index existed are
// indexed by the backfill — batched, resumable, idempotent, and once.
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Engine } from '../../src/engine/engine';
import { BACKFILL_SETTING, serialKey } from '../../src/engine/serial-index';
import type { StepResult, WorkflowDefinition } from '../../src/engine/types';
import { ValidationError } from '../../src/errors';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases';
import { scriptedDefinition, step } from './support';

/** A kind whose input names its devices in a shape of its own: the engine only sees serialsOf. */
const kit: WorkflowDefinition<{ phones: { sn?: string }[] }> = {
  kind: 'kit',
  parseInput: (input) => z.object({ phones: z.array(z.object({ sn: z.string().optional() })) }).parse(input),
  title: () => 'kit',
  steps: () => [{ key: 'wait', action: 'never', title: 'wait' }],
  serialsOf: (input) => input.phones.map((p) => p.sn),
};

describe.each(DIALECTS)('serial index on %s', (dialect) => {
  let db: TestDatabase;
  afterEach(async () => {
    await db?.cleanup();
  });
  const engineOn = (database: TestDatabase) => new Engine({ db: database.prisma, dialect, definitions: [kit], actions: {}, services: {} });
  const indexed = async (workflowId?: string) =>
    (await db.prisma.workflowSerial.findMany({ where: workflowId ? { workflowId } : {}, orderBy: [{ workflowId: 'asc' }, { serial: 'asc' }] })).map(
      (r) => r.serial,
    );

  it('a started workflow is indexed by its serials, normalised and de-duplicated; "", "0" and none name no device', async () => {
    db = await createTestDatabase(dialect);
    const engine = engineOn(db);
    const { workflow } = await engine.startWorkflow({
      kind: 'kit',
      input: { phones: [{ sn: ' c02xk1abc ' }, { sn: 'Ｃ０２ＸＫ１ＡＢＣ' }, { sn: 'dmq-7/2' }, { sn: '0' }, { sn: '' }, {}] },
      actor: 'test',
    });
    expect(await indexed(workflow.id)).toEqual(['C02XK1ABC', 'DMQ-7/2']);
    expect(serialKey('ｃ０２ｘｋ１ａｂｃ')).toBe('C02XK1ABC');
    // the index goes with its workflow
    await db.prisma.workflow.delete({ where: { id: workflow.id } });
    expect(await indexed()).toEqual([]);
  });

  it('indexes workflows started before the index in batches, resumes after an interruption, and runs once', async () => {
    db = await createTestDatabase(dialect);
    const engine = engineOn(db);
    // as the bot left them before the migration: no index rows (and a kind this version does not run, an unreadable input)
    const old = [];
    for (let i = 0; i < 5; i++) {
      old.push(await db.prisma.workflow.create({ data: { kind: 'kit', title: 'old', inputJson: JSON.stringify({ phones: [{ sn: `old-${i}` }] }) } }));
    }
    await db.prisma.workflow.create({ data: { kind: 'retired-kind', title: 'gone', inputJson: '{"phones":[{"sn":"GONE1"}]}' } });
    await db.prisma.workflow.create({ data: { kind: 'kit', title: 'broken', inputJson: '{not json' } });
    // one started by this version meanwhile: already indexed, met again by the backfill
    const { workflow: fresh } = await engine.startWorkflow({ kind: 'kit', input: { phones: [{ sn: 'new-1' }] }, actor: 'test' });

    // an interrupted run: the first batch is kept, the next start goes on from there
    const after = (await db.prisma.workflow.findMany({ where: { kind: 'kit', title: 'old' }, orderBy: { id: 'asc' } }))[1]!.id;
    await db.prisma.setting.create({ data: { key: BACKFILL_SETTING, valueJson: JSON.stringify({ after }) } });
    const resumed = await engine.backfillSerialIndex({ batch: 2 });
    expect(resumed).toMatchObject({ workflows: await db.prisma.workflow.count({ where: { id: { gt: after } } }), done: true });
    const skipped = await db.prisma.workflow.findMany({ where: { kind: 'kit', title: 'old', id: { lte: after } } });
    expect(skipped).toHaveLength(2);
    for (const w of skipped) expect(await indexed(w.id)).toEqual([]);

    // from the start (what a first start after the migration does): everything, rows already there kept once
    await db.prisma.setting.delete({ where: { key: BACKFILL_SETTING } });
    const first = await engine.backfillSerialIndex({ batch: 2 });
    expect(first).toEqual({ workflows: 8, serials: 6, done: true });
    expect(await indexed()).toHaveLength(6);
    for (const [i, w] of old.entries()) expect(await indexed(w.id)).toEqual([`OLD-${i}`]);
    expect(await indexed(fresh.id)).toEqual(['NEW-1']);
    expect(await db.prisma.workflowSerial.count({ where: { serial: 'GONE1' } })).toBe(0);

    // done: a later start reads one row and does nothing
    expect(await engine.backfillSerialIndex({ batch: 2 })).toEqual({ workflows: 0, serials: 0, done: true });
  });

  it('a step that finds devices (an offboarding plan) adds their serials to the index, once, with the run that found them', async () => {
    db = await createTestDatabase(dialect);
    let found: StepResult = { status: 'done', serials: [' f2lxq9ab ', 'Ｆ２ＬＸＱ９ＡＢ', 'c02xk1abc', null, '0'] };
    const engine = new Engine({
      db: db.prisma,
      dialect,
      definitions: [kit, scriptedDefinition],
      actions: { plan: async () => found, crash: async () => Promise.reject(new ValidationError('no plan')) },
      services: {},
    });
    const { workflow } = await engine.startWorkflow({ kind: 'scripted', input: { steps: [step('plan', 'plan')] }, actor: 'test' });
    await engine.runUntilIdle();
    expect(await indexed(workflow.id)).toEqual(['C02XK1ABC', 'F2LXQ9AB']);
    // a step that fails records nothing: the index only names devices a recorded outcome found
    found = { status: 'done', serials: ['NEVER1'] };
    const { workflow: failing } = await engine.startWorkflow({ kind: 'scripted', input: { steps: [step('plan', 'crash')] }, actor: 'test' });
    await engine.runUntilIdle();
    expect(await indexed(failing.id)).toEqual([]);
  });
});
