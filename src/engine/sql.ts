// The engine's hot path in plain SQL. Why not the Prisma query API here: every step costs about ten statements,
// and Prisma's query building costs more than the statement itself (measured: 0.5 ms vs 0.23 ms per statement on
// SQLite); the engine benchmark's target (≥ 500 steps/s on SQLite) needs the difference. The statements are the
// same on SQLite and PostgreSQL except for placeholders ("?" vs "$1") and row locking (FOR UPDATE on PostgreSQL;
// SQLite transactions are serialised anyway).
import type { Db, Dialect } from '../db/client';

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

  /** Compare-and-set claim: succeeds only if nobody touched the step since it was read (same attempts/status). */
  async claim(db: Runner, c: { id: string; attempts: number; status: string; owner: string; leaseUntil: Date; now: Date; takeover: boolean }): Promise<boolean> {
    const count = await this.exec(
      db,
      `UPDATE "WorkflowStep" SET "status" = 'running', "attempts" = "attempts" + 1, "leaseOwner" = ?, "leaseExpiresAt" = ?,
         "startedAt" = COALESCE("startedAt", ?), "updatedAt" = ?
       WHERE "id" = ? AND "attempts" = ? AND "status" = ?${c.takeover ? ' AND "leaseExpiresAt" < ?' : ''}`,
      [c.owner, c.leaseUntil, c.now, c.now, c.id, c.attempts, c.status, ...(c.takeover ? [c.now] : [])],
    );
    return count === 1;
  }

  /** Writes a step's outcome if we still hold its lease. */
  async finish(db: Runner, owned: { id: string; owner: string; attempts: number }, data: Record<string, Value>): Promise<boolean> {
    const columns = Object.keys(data);
    const set = columns.map((c) => `"${c}" = ?`).join(', ');
    const count = await this.exec(
      db,
      `UPDATE "WorkflowStep" SET ${set} WHERE "id" = ? AND "leaseOwner" = ? AND "attempts" = ? AND "status" = 'running'`,
      [...columns.map((c) => data[c] as Value), owned.id, owned.owner, owned.attempts],
    );
    return count === 1;
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
    return this.query(db, `SELECT "key", "outputJson" FROM "WorkflowStep" WHERE "workflowId" = ? AND "status" = 'succeeded' AND "outputJson" IS NOT NULL`, [workflowId]);
  }

  async setWorkflowStatus(db: Runner, workflowId: string, status: string, finishedAt: Date | null, now: Date): Promise<void> {
    await this.exec(db, `UPDATE "Workflow" SET "status" = ?, "finishedAt" = ?, "updatedAt" = ? WHERE "id" = ?`, [status, finishedAt, now, workflowId]);
  }

  async setWorkflowState(db: Runner, workflowId: string, stateJson: string, now: Date): Promise<void> {
    await this.exec(db, `UPDATE "Workflow" SET "stateJson" = ?, "updatedAt" = ? WHERE "id" = ?`, [stateJson, now, workflowId]);
  }
}
