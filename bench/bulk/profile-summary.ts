// Summarises a V8 CPU profile of a bot process (BENCH_CPU_PROF=<dir> in bench/bulk/run.ts writes one per process):
// self time by module (npm packages folded, our files by path) and by function — where the bot's CPU goes per
// bulk run, without a GUI. Run: npx tsx bench/bulk/profile-summary.ts <file.cpuprofile> [rows=30]
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, rowsArg] = process.argv.slice(2);
if (!file) throw new Error('usage: npx tsx bench/bulk/profile-summary.ts <file.cpuprofile> [rows]');
const rows = Number(rowsArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));

/** "npm:<package>" for dependencies, the path under the repository for our files, "(name)" for V8's own entries */
function moduleOf(node: ProfileNode): string {
  const url = node.callFrame.url.replace(/^file:\/\//, '');
  if (!url) return node.callFrame.functionName.startsWith('(') ? node.callFrame.functionName : `(${node.callFrame.functionName || 'native'})`;
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + 'node_modules/'.length).split('/');
    return `npm:${parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]}`;
  }
  const ours = url.search(/\/(src|bench|test)\//);
  return ours >= 0 ? url.slice(ours + 1) : url;
}

const byModule = new Map<string, number>();
const byFunction = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const node = nodes.get(id);
  const us = profile.timeDeltas[i] ?? 0;
  if (!node) return;
  total += us;
  const mod = moduleOf(node);
  byModule.set(mod, (byModule.get(mod) ?? 0) + us);
  const fn = `${node.callFrame.functionName || '(anonymous)'} ${mod}:${node.callFrame.lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
});

const idle = byModule.get('(idle)') ?? 0;
console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled, ${((total - idle) / 1e6).toFixed(1)} s busy`);
for (const [title, table] of [
  ['self time by module', byModule],
  ['self time by function', byFunction],
] as const) {
  console.log(`\n${title} (% of busy time)`);
  for (const [name, us] of [...table]
    .filter(([k]) => !k.startsWith('(idle)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, rows))
    console.log(`${((100 * us) / (total - idle)).toFixed(1).padStart(5)} %  ${(us / 1e6).toFixed(2).padStart(6)} s  ${name}`);
}
