// Generates the two Prisma clients (SQLite and PostgreSQL) from the one schema in prisma/schema.prisma.
// Why a script: Prisma picks the SQL dialect from the schema's datasource provider, so the PostgreSQL
// client is generated from a copy whose provider is rewritten (docs/database.md). And the Prisma CLI
// tries to download its schema engine on every command; `generate` does not use it, so we point
// PRISMA_SCHEMA_ENGINE_BINARY at an existing file to stop the download (DEVELOPERS.md).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const schemaPath = join(root, 'prisma', 'schema.prisma');
if (!existsSync(schemaPath)) process.exit(0);

const source = readFileSync(schemaPath, 'utf8');
const pgDir = join(root, 'prisma', 'postgresql');
mkdirSync(pgDir, { recursive: true });
const pgSchema =
  '// GENERATED from ../schema.prisma by scripts/prisma-generate.mjs: do not edit.\n' +
  source
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/output\s*=\s*"\.\.\/src\/generated\/sqlite"/, 'output   = "../../src/generated/postgresql"');
writeFileSync(join(pgDir, 'schema.prisma'), pgSchema);

const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  CHECKPOINT_DISABLE: '1',
};
const cli = join(root, 'node_modules', 'prisma', 'build', 'index.js');
if (!existsSync(cli)) {
  // An install without the development dependencies (`npm ci --omit=dev` in a clone): nothing to generate with.
  // The bot runs from dist/, which holds the clients generated at build time (scripts/build.mjs).
  console.log('prisma: the Prisma CLI is not installed (production install); clients not generated');
  process.exit(0);
}
for (const schema of [schemaPath, join(pgDir, 'schema.prisma')]) {
  execFileSync(process.execPath, [cli, 'generate', '--schema', schema], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] });
}
console.log('prisma: generated src/generated/sqlite and src/generated/postgresql');
