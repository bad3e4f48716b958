// The layers of src/ (docs/architecture.md): data flows one way, config → database → adapters → engine → Slack.
// This test reads every import of every source file and fails on an arrow that runs back up, so the layout
// cannot drift silently.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(__dirname, '..', '..', 'src');

/** Lower number = lower layer. A module may import its own layer's modules only where listed in SAME_LAYER_OK,
 *  and any lower layer. `generated` is Prisma's client (made by `npm run generate`). */
const LAYER: Record<string, number> = {
  errors: 0,
  log: 0,
  i18n: 0,
  // text formats shared by every layer (CSV cells, CSV decoding)
  csv: 0,
  // free text: cleaning, length limits, mrkdwn escaping (pure)
  text: 0,
  generated: 0,
  config: 1,
  http: 1,
  db: 2,
  ports: 3,
  // pure domain rules (device risks): read port types, know no vendor and no Slack
  domain: 4,
  adapters: 4,
  engine: 4,
  workflows: 5,
  sync: 5,
  slack: 6,
  cli: 7,
  runtime: 7,
  'index.ts': 8,
};

/** Same-layer imports that are allowed (from → to). */
const SAME_LAYER_OK = new Set(['errors→log', 'log→errors', 'config→http', 'http→config', 'cli→runtime']);

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'generated') out.push(...sourceFiles(path));
    } else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

/** Relative import specifiers of a file: static imports, re-exports and dynamic import(). */
function relativeImports(text: string): string[] {
  const specs: string[] = [];
  const patterns = [/(?:import|export)\s[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/g, /import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g];
  for (const re of patterns) for (const m of text.matchAll(re)) specs.push(m[1]!);
  return specs;
}

function topModule(pathUnderSrc: string): string {
  return pathUnderSrc.split('/')[0]!;
}

interface Arrow {
  from: string;
  to: string;
  file: string;
  spec: string;
}

function arrows(): Arrow[] {
  const out: Arrow[] = [];
  for (const file of sourceFiles(SRC)) {
    const fromRel = relative(SRC, file);
    for (const spec of relativeImports(readFileSync(file, 'utf8'))) {
      const toRel = relative(SRC, normalize(join(dirname(file), spec)));
      const from = topModule(fromRel);
      const to = topModule(toRel);
      if (from !== to) out.push({ from, to, file: fromRel, spec });
    }
  }
  return out;
}

describe('layers of src/', () => {
  const all = arrows();

  it('finds the imports it checks (the reader works)', () => {
    expect(all.length).toBeGreaterThan(200);
    expect(all.some((a) => a.from === 'workflows' && a.to === 'ports')).toBe(true);
  });

  it('every top-level module has a layer', () => {
    const unknown = [...new Set(all.flatMap((a) => [a.from, a.to]))].filter((m) => !(m in LAYER));
    expect(unknown).toEqual([]);
  });

  it('no import runs from a lower layer up to a higher one (or sideways, unless listed)', () => {
    const wrong = all
      .filter((a) => {
        const from = LAYER[a.from]!;
        const to = LAYER[a.to]!;
        if (to < from) return false;
        return !SAME_LAYER_OK.has(`${a.from}→${a.to}`);
      })
      .map((a) => `${a.file} imports ${a.spec}`);
    expect(wrong).toEqual([]);
  });

  it('nothing imports the composition root (src/runtime) but src/index.ts and src/cli/', () => {
    const wrong = all.filter((a) => a.to === 'runtime' && a.from !== 'index.ts' && a.from !== 'cli');
    expect(wrong.map((a) => a.file)).toEqual([]);
  });

  it('ports, engine, adapters and workflows never import Slack, the CLI or the composition root', () => {
    const lower = new Set(['ports', 'engine', 'adapters', 'workflows', 'sync']);
    const wrong = all.filter((a) => lower.has(a.from) && ['slack', 'runtime', 'cli'].includes(a.to));
    expect(wrong.map((a) => `${a.file} → ${a.spec}`)).toEqual([]);
  });

  it('workflows and the Slack layer never import a vendor module (they go through the ports)', () => {
    const wrong = all.filter((a) => ['workflows', 'slack', 'sync'].includes(a.from) && a.to === 'adapters');
    expect(wrong.map((a) => `${a.file} → ${a.spec}`)).toEqual([]);
  });
});
