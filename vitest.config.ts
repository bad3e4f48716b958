import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Database-backed tests create their own SQLite files and PostgreSQL schemas; a few run child processes.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // A worker keeps its loaded modules from one test file to the next. With isolation, each of the ~190 files
    // loaded Prisma's client, Bolt and our modules again: 171 s of imports per run and a CI close to its 15 min.
    // Our modules keep no state between tests at module level (each test builds its own app, database and
    // servers), so sharing the loaded modules is safe; a test that changes a global (fake timers) restores it.
    isolate: false,
    // Two cores: more workers only contend for the databases.
    maxWorkers: 2,
    globalSetup: ['test/support/global-setup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
