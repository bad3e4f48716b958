// Runs once before the suite: PostgreSQL must be reachable, or every Postgres test would fail one by one
// with the same message. Also sweeps schemas left behind by an earlier run that was killed.
import pg from 'pg';
import { TEST_POSTGRES_URL } from './databases';

export default async function setup(): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `The tests need PostgreSQL at ${TEST_POSTGRES_URL} (set TEST_POSTGRES_URL to change it): ${(error as Error).message}. ` +
        'Start it with: pg_ctlcluster --skip-systemctl-redirect 15 main start',
    );
  }
  try {
    const { rows } = await client.query("SELECT nspname FROM pg_namespace WHERE nspname LIKE 't\\_%' AND nspname ~ '^t_[0-9]+_'");
    for (const { nspname } of rows as { nspname: string }[]) {
      const pid = Number(nspname.split('_')[1]);
      if (!isAlive(pid)) await client.query(`DROP SCHEMA IF EXISTS "${nspname}" CASCADE`);
    }
  } finally {
    await client.end();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
