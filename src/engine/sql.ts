// The engine's hot path in plain SQL. Why not the Prisma query API here: every step costs about ten statements,
// and Prisma's query building costs more than the statement itself (measured: 0.5 ms vs 0.23 ms per statement on
// SQLite); the engine benchmark's target (≥ 500 steps/s on SQLite) needs the difference. The statements are the
// same on SQLite and PostgreSQL except for placeholders ("?" vs "$1") and row locking (FOR UPDATE on PostgreSQL;
// SQLite transactions are serialised anyway).
import type { Db } from '../db/client';
import type { Dialect } from '../db/dialect';
import { parseJson, type StoredStepState } from './rows';

type Runner = Pick<Db, '$executeRawUnsafe' | '$queryRawUnsafe'>;
type Value = string | number | boolean | Date | null;

export interface GraphRow {
  id: string;
  key: string;
  status: string;
  dependsOnJson: string;
  nextRunAt: Date | null;
  startedAt: Date | null;
  position: number;
}

export interface AuditInsert {
  workflowId: string | null;
  stepKey?: string | null;
  actor: string;
  action: string;
  fromStatus?: string | null;
  toStatus?: string | null;
  message?: string | null;
  error?: string | null;
  dataJson?: string | null;
}

const STEP_COLUMNS = [
  'id',
  'workflowId',
  'key',
  'position',
  'action',
  'title',
  'dependsOnJson',
  'inputJson',
  'outputJson',
  'stateJson',
  'signalJson',
  'status',
  'attempts',
  'failures',
  'maxAttempts',
  'nextRunAt',
  'leaseOwner',
  'leaseExpiresAt',
  'idempotencyKey',
  'lastError',
  'startedAt',
  'finishedAt',
  'updatedAt',
] as const;
const WORKFLOW_COLUMNS = [
  'id',
  'kind',
  'status',
  'title',
  'requestedById',
  'subjectPersonId',
  'inputJson',
  'stateJson',
  'idempotencyKey',
  'maxParallel',
  'slackChannel',
  'slackThreadTs',
  'scheduledAt',
  'createdAt',
  'updatedAt',
  'finishedAt',
] as const;
const INT_COLUMNS = new Set(['position', 'attempts', 'failures', 'maxAttempts', 'maxParallel']);

export class EngineSql {
  constructor(private readonly dialect: Dialect) {}

  /** "?" placeholders → "$1, $2, …" for PostgreSQL. */
  private sql(text: string): string {
    if (this.dialect === 'sqlite') return text;
    let n = 0;
    return text.replace(/\?/g, () => `$${++n}`);
  }

  private exec(db: Runner, text: string, values: Value[]): Promise<number> {
    return db.$executeRawUnsafe(this.sql(text), ...values);
  }

  private query<T>(db: Runner, text: string, values: Value[]): Promise<T[]> {
    return db.$queryRawUnsafe<T[]>(this.sql(text), ...values);
  }

  /** Steps ready to run (or whose lease expired), each with its workflow, in one round trip. */
  async candidates(
    db: Runner,
    now: Date,
    limit: number,
  ): Promise<{ step: Record<(typeof STEP_COLUMNS)[number], unknown>; workflow: Record<(typeof WORKFLOW_COLUMNS)[number], unknown> }[]> {
    const select = [...STEP_COLUMNS.map((c) => `s."${c}" AS "s_${c}"`), ...WORKFLOW_COLUMNS.map((c) => `w."${c}" AS "w_${c}"`)].join(', ');
    const rows = await this.query<Record<string, unknown>>(
      db,
      // One small index-ordered query per status (no sort of every ready step: with thousands of workflows
      // waiting, sorting them all on every poll was the engine's main cost).
      `SELECT ${select} FROM (
         SELECT "id" FROM (SELECT "id" FROM "WorkflowStep" WHERE "status" = 'pending' AND "nextRunAt" <= ? ORDER BY "nextRunAt" LIMIT ?) AS p
         UNION ALL SELECT "id" FROM (SELECT "id" FROM "WorkflowStep" WHERE "status" = 'waiting' AND "nextRunAt" <= ? ORDER BY "nextRunAt" LIMIT ?) AS q
         UNION ALL SELECT "id" FROM (SELECT "id" FROM "WorkflowStep" WHERE "status" = 'running' AND "leaseExpiresAt" < ? LIMIT ?) AS r
       ) c
       JOIN "WorkflowStep" s ON s."id" = c."id" JOIN "Workflow" w ON w."id" = s."workflowId"
       WHERE w."status" <> 'cancelled'
       ORDER BY s."nextRunAt" LIMIT ?`,
      [now, limit, now, limit, now, limit, limit],
    );
    const pick = <C extends string>(row: Record<string, unknown>, prefix: string, columns: readonly C[]) =>
      Object.fromEntries(columns.map((c) => [c, INT_COLUMNS.has(c) ? Number(row[prefix + c]) : asDate(c, row[prefix + c])])) as Record<C, unknown>;
    return rows.map((row) => ({ step: pick(row, 's_', STEP_COLUMNS), workflow: pick(row, 'w_', WORKFLOW_COLUMNS) }));
  }

  /** Appends audit rows in one statement. */
  async insertAudit(db: Runner, rows: AuditInsert[], at: Date): Promise<void> {
    if (rows.length === 0) return;
    const columns = ['at', 'workflowId', 'stepKey', 'actor', 'action', 'fromStatus', 'toStatus', 'message', 'error', 'dataJson'];
    const values: Value[] = [];
    for (const r of rows)
      values.push(
        at,
        r.workflowId,
        r.stepKey ?? null,
        r.actor,
        r.action,
        r.fromStatus ?? null,
        r.toStatus ?? null,
        r.message ?? null,
        r.error ?? null,
        r.dataJson ?? null,
      );
    await this.exec(
      db,
      `INSERT INTO "AuditEvent" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${rows.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ')}`,
      values,
    );
  }

  /** Compare-and-set claim: succeeds only if nobody touched the step since it was read (same attempts/status). */
  async claim(
    db: Runner,
    c: { id: string; attempts: number; status: string; owner: string; leaseUntil: Date; now: Date; takeover: boolean },
  ): Promise<boolean> {
    const count = await this.exec(
      db,
      `UPDATE "WorkflowStep" SET "status" = 'running', "attempts" = "attempts" + 1, "leaseOwner" = ?, "leaseExpiresAt" = ?,
         "startedAt" = COALESCE("startedAt", ?), "updatedAt" = ?
       WHERE "id" = ? AND "attempts" = ? AND "status" = ?${c.takeover ? ' AND "leaseExpiresAt" < ?' : ''}`,
      [c.owner, c.leaseUntil, c.now, c.now, c.id, c.attempts, c.status, ...(c.takeover ? [c.now] : [])],
    );
    return count === 1;
  }

  /** Writes a step's outcome if we still hold its lease. `signal.clearSignal`: clear the step's signal only if it
   *  is still the one the run read (null: the run read none, leave whatever is there). */
  async finish(
    db: Runner,
    owned: { id: string; owner: string; attempts: number },
    data: Record<string, Value>,
    signal?: { clearSignal: string | null },
  ): Promise<boolean> {
    const columns = Object.keys(data);
    const sets = columns.map((c) => `"${c}" = ?`);
    const values = columns.map((c) => data[c] as Value);
    if (signal?.clearSignal) {
      sets.push(`"signalJson" = CASE WHEN "signalJson" = ? THEN NULL ELSE "signalJson" END`);
      values.push(signal.clearSignal);
    }
    const count = await this.exec(
      db,
      `UPDATE "WorkflowStep" SET ${sets.join(', ')} WHERE "id" = ? AND "leaseOwner" = ? AND "attempts" = ? AND "status" = 'running'`,
      [...values, owned.id, owned.owner, owned.attempts],
    );
    return count === 1;
  }

  /** A waiting step that holds an unread signal runs again now. True when it did. */
  async wakeIfSignalled(db: Runner, stepId: string, now: Date): Promise<boolean> {
    const count = await this.exec(db, `UPDATE "WorkflowStep" SET "nextRunAt" = ? WHERE "id" = ? AND "status" = 'waiting' AND "signalJson" IS NOT NULL`, [
      now,
      stepId,
    ]);
    return count === 1;
  }

  /** Steps of the workflow that wait with `wakeOnStepEnd` run again now (another of its steps just ended). */
  async wakeWatchers(db: Runner, workflowId: string, endedStepId: string, now: Date): Promise<number> {
    const waiting = await this.query<{ id: string; stateJson: string | null }>(
      db,
      `SELECT "id", "stateJson" FROM "WorkflowStep" WHERE "workflowId" = ? AND "status" = 'waiting' AND "id" <> ?`,
      [workflowId, endedStepId],
    );
    let woken = 0;
    for (const step of waiting) {
      if (!parseJson<StoredStepState>(step.stateJson, {}).w?.wakeOnStepEnd) continue;
      woken += await this.exec(db, `UPDATE "WorkflowStep" SET "nextRunAt" = ? WHERE "id" = ? AND "status" = 'waiting' AND "nextRunAt" > ?`, [
        now,
        step.id,
        now,
      ]);
    }
    return woken;
  }

  /** The workflow's status, locked for the rest of the transaction so that concurrent completions of parallel
   *  branches see each other (otherwise two branches could each miss the other and never release a join). */
  async lockWorkflow(db: Runner, workflowId: string): Promise<{ status: string; stateJson: string } | undefined> {
    const rows = await this.query<{ status: string; stateJson: string }>(
      db,
      `SELECT "status", "stateJson" FROM "Workflow" WHERE "id" = ?${this.dialect === 'postgresql' ? ' FOR UPDATE' : ''}`,
      [workflowId],
    );
    return rows[0];
  }

  /** lockWorkflow, then graph (the completion of a step needs both). One round trip on SQLite. Two on PostgreSQL:
   *  a statement that waits for the row lock still reads the other rows as of its own start (READ COMMITTED
   *  re-checks only the locked row), so a graph read in the locking statement could miss a parallel branch that
   *  committed while we waited, and neither branch would release their join (found by test/runtime/shutdown.test.ts). */
  async lockAndGraph(db: Runner, workflowId: string): Promise<{ status: string; stateJson: string; steps: GraphRow[] } | undefined> {
    if (this.dialect === 'postgresql') {
      const wf = await this.lockWorkflow(db, workflowId);
      if (!wf) return undefined;
      return { ...wf, steps: (await this.graph(db, workflowId)).map((step) => ({ ...step, position: Number(step.position) })) };
    }
    const rows = await this.query<GraphRow & { wStatus: string; wState: string }>(
      db,
      `SELECT w."status" AS "wStatus", w."stateJson" AS "wState", s."id", s."key", s."status", s."dependsOnJson", s."nextRunAt", s."startedAt", s."position"
       FROM "Workflow" w JOIN "WorkflowStep" s ON s."workflowId" = w."id" WHERE w."id" = ?`,
      [workflowId],
    );
    const first = rows[0];
    if (!first) return undefined;
    return {
      status: first.wStatus,
      stateJson: first.wState,
      steps: rows.map(({ wStatus: _s, wState: _w, ...step }) => ({ ...step, position: Number(step.position) })),
    };
  }

  graph(db: Runner, workflowId: string): Promise<GraphRow[]> {
    return this.query<GraphRow>(
      db,
      `SELECT "id", "key", "status", "dependsOnJson", "nextRunAt", "startedAt", "position" FROM "WorkflowStep" WHERE "workflowId" = ?`,
      [workflowId],
    );
  }

  async release(db: Runner, workflowId: string, keys: string[], now: Date): Promise<void> {
    if (keys.length === 0) return;
    await this.exec(
      db,
      `UPDATE "WorkflowStep" SET "status" = 'pending', "nextRunAt" = ?, "updatedAt" = ? WHERE "workflowId" = ? AND "status" = 'blocked' AND "key" IN (${keys.map(() => '?').join(', ')})`,
      [now, now, workflowId, ...keys],
    );
  }

  outputs(db: Runner, workflowId: string): Promise<{ key: string; outputJson: string }[]> {
    return this.query(db, `SELECT "key", "outputJson" FROM "WorkflowStep" WHERE "workflowId" = ? AND "status" = 'succeeded' AND "outputJson" IS NOT NULL`, [
      workflowId,
    ]);
  }

  async setWorkflowStatus(db: Runner, workflowId: string, status: string, finishedAt: Date | null, now: Date): Promise<void> {
    await this.exec(db, `UPDATE "Workflow" SET "status" = ?, "finishedAt" = ?, "updatedAt" = ? WHERE "id" = ?`, [status, finishedAt, now, workflowId]);
  }

  async setWorkflowState(db: Runner, workflowId: string, stateJson: string, now: Date): Promise<void> {
    await this.exec(db, `UPDATE "Workflow" SET "stateJson" = ?, "updatedAt" = ? WHERE "id" = ?`, [stateJson, now, workflowId]);
  }

  /** Adds rows to the serial index, keeping those already there (the backfill may meet rows a start or another
   *  process wrote). 500 rows per statement: within SQLite's and PostgreSQL's limits on parameters. */
  async insertWorkflowSerials(db: Runner, rows: { workflowId: string; serial: string }[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      await this.exec(
        db,
        `INSERT INTO "WorkflowSerial" ("workflowId", "serial") VALUES ${chunk.map(() => '(?, ?)').join(', ')} ON CONFLICT DO NOTHING`,
        chunk.flatMap((r) => [r.workflowId, r.serial]),
      );
    }
  }
}

/** Raw SQLite rows may carry timestamps as text; every *At column becomes a Date. */
function asDate(column: string, value: unknown): unknown {
  if (value === null || value === undefined || value instanceof Date || !column.endsWith('At')) return value;
  return new Date(String(value));
}
