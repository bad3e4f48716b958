// Small, named modules (docs/conventions.md): a source file over 400 lines holds more than one concept and is cut
// along its own seams. This keeps the rule from eroding one line at a time.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');
const MAX_LINES = 400;

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'generated' && name !== 'node_modules') out.push(...tsFiles(path));
    } else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

describe('file size', () => {
  it(`no TypeScript file under src/, test/ or bench/ has more than ${MAX_LINES} lines`, () => {
    const files = ['src', 'test', 'bench'].flatMap((d) => tsFiles(join(ROOT, d)));
    expect(files.length).toBeGreaterThan(100);
    const long = files
      .map((f) => ({ file: relative(ROOT, f), lines: readFileSync(f, 'utf8').split('\n').length }))
      .filter((f) => f.lines > MAX_LINES)
      .map((f) => `${f.file}: ${f.lines} lines`);
    expect(long).toEqual([]);
  });
});
