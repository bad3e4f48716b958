// Real databases for tests: a fresh SQLite file, and a fresh PostgreSQL schema on the local server
// (TEST_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/test). Each call gets its own, and
// cleanup removes it. A test that cannot reach PostgreSQL fails: it is never skipped silently.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database, type Dialect } from '../../src/db/client';

export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const DIALECTS: Dialect[] = ['sqlite', 'postgresql'];

export interface TestDatabase extends Database {
  /** what openDatabase needs to open the same database again (another engine instance, a child process) */
  url: string;
  schema?: string;
  cleanup(): Promise<void>;
}

let counter = 0;

export async function createTestDatabase(dialect: Dialect, options: { poolSize?: number } = {}): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'devicebot-test-'));
    const url = `file:${join(dir, 'test.db')}`;
    const db = await openDatabase({ url });
    return {
      ...db,
      url,
      cleanup: async () => {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const db = await openDatabase({ url: TEST_POSTGRES_URL, schema, poolSize: options.poolSize });
  return {
    ...db,
    url: TEST_POSTGRES_URL,
    schema,
    cleanup: async () => {
      await db.close();
      await dropSchema(schema);
    },
  };
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
