// `npm run build`: turns the TypeScript sources into the JavaScript a production install runs with plain `node`.
//  1. generates the two Prisma clients (scripts/prisma-generate.mjs): the build always starts from the schema;
//  2. bundles the bot and its commands with esbuild into dist/ (ESM, Node 20; npm packages stay outside the
//     bundle and come from the production install's node_modules; the generated Prisma clients go inside);
//  3. copies the SQL migrations to dist/migrations, where src/db/migrate.ts finds them in the installed app.
// dist/ then holds everything the app needs besides `npm ci --omit=dev` (docs/deploy.md).
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

/** What dist/ contains: the entry points `node dist/<name>.js` runs (package.json scripts, Dockerfile). */
const ENTRY_POINTS = {
  index: 'src/index.ts',
  offboard: 'src/cli/offboard.ts',
  'db-copy': 'src/cli/db-copy.ts',
  'db-backup': 'src/cli/db-backup.ts',
  healthcheck: 'src/cli/healthcheck.ts',
};

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  process.stderr.write('build: esbuild is missing. The build needs the development dependencies: run `npm install` (not `npm ci --omit=dev`) first.\n');
  process.exit(1);
}

const started = Date.now();
execFileSync(process.execPath, [join(root, 'scripts', 'prisma-generate.mjs')], { cwd: root, stdio: 'inherit' });

rmSync(dist, { recursive: true, force: true });
await esbuild.build({
  absWorkingDir: root,
  entryPoints: ENTRY_POINTS,
  outdir: dist,
  bundle: true,
  // shared code goes into chunks beside the entry points (all in dist/, so every module's directory is dist/)
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
});
cpSync(join(root, 'prisma', 'migrations'), join(dist, 'migrations'), { recursive: true });
writeFileSync(join(dist, 'BUILD.json'), JSON.stringify({ builtAt: new Date().toISOString(), node: process.version }, null, 2) + '\n');
console.log(
  `build: dist/ written in ${((Date.now() - started) / 1000).toFixed(1)} s (${Object.keys(ENTRY_POINTS)
    .map((n) => `dist/${n}.js`)
    .join(', ')})`,
);
