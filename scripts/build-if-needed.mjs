// Runs before `npm start` and the other commands (package.json "pre…" scripts): builds dist/ when it is missing
// or older than the sources, so that a fresh clone's `npm install && npm start` works and an edit is never run
// stale. Nothing to do in a production install (scripts/prod-install.sh): it has dist/ and no sources.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'BUILD.json');
if (!existsSync(join(root, 'src'))) process.exit(0);

/** The newest modification time under `path` (src/generated is skipped: `npm install` rewrites it every time,
 *  and prisma/schema.prisma, which it comes from, is checked itself). */
function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = 0;
  for (const entry of readdirSync(path)) {
    if (path === join(root, 'src') && entry === 'generated') continue;
    max = Math.max(max, newest(join(path, entry)));
  }
  return max;
}

const inputs = ['src', join('prisma', 'schema.prisma'), join('prisma', 'migrations'), join('scripts', 'build.mjs'), 'package.json', 'package-lock.json'];
const sources = Math.max(...inputs.map((p) => newest(join(root, p))));
if (existsSync(built) && statSync(built).mtimeMs >= sources) process.exit(0);

console.log(existsSync(built) ? 'dist/ is older than the sources: building' : 'dist/ is missing: building');
try {
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
} catch {
  process.exit(1); // the build printed why
}
