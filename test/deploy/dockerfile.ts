// Reads the Dockerfile the way the deploy tests need it: its stages and their instructions, and the commands the
// container runs (build, production install, start, health check), so that the tests run exactly those commands
// on the host.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

export interface Instruction {
  op: string;
  args: string;
}

export interface Stage {
  name: string;
  from: string;
  instructions: Instruction[];
}

export function readDockerfile(path = join(ROOT, 'Dockerfile')): Stage[] {
  const lines = readFileSync(path, 'utf8')
    .replace(/\\\n/g, ' ') // line continuations
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, op = '', args = ''] = /^(\w+)\s+(.*)$/.exec(line) ?? [];
    if (op.toUpperCase() === 'FROM') {
      const [image = '', , name = ''] = args.split(/\s+/);
      stages.push({ name, from: image, instructions: [] });
    } else stages.at(-1)?.instructions.push({ op: op.toUpperCase(), args: args.replace(/\s+/g, ' ') });
  }
  return stages;
}

/** The exec form of CMD / HEALTHCHECK … CMD: ["node", "dist/index.js"]. */
export function execForm(args: string): string[] {
  const json = args.slice(args.indexOf('['));
  return JSON.parse(json) as string[];
}

/** What the container does, from the Dockerfile: the build stage's commands after the sources are copied in,
 *  the runtime stage's start command and health check. */
export function containerCommands(stages = readDockerfile()): { build: string[]; start: string[]; health: string[] } {
  const build = stages.find((s) => s.name === 'build')!;
  const runtime = stages.at(-1)!;
  const afterSources = build.instructions.slice(build.instructions.findIndex((i) => i.op === 'COPY' && i.args === '. .') + 1);
  return {
    build: afterSources.filter((i) => i.op === 'RUN').map((i) => i.args),
    start: execForm(runtime.instructions.find((i) => i.op === 'CMD')!.args),
    health: execForm(runtime.instructions.find((i) => i.op === 'HEALTHCHECK')!.args),
  };
}
