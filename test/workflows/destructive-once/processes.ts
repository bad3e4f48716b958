// Bot processes for the crash tests and the multi-process proof: spawn one (bot-worker.ts under node --import tsx:
// one process, so a SIGKILL leaves nothing behind), kill it, wait for it, read what it wrote in the journal.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BotOptions } from './bot';

const WORKER = fileURLToPath(new URL('./bot-worker.ts', import.meta.url));

export interface BotProcess {
  child: ChildProcess;
  /** a process spawned with `ready`: start it now, with these crash points */
  go(crashAt: string[]): void;
  /** the exit code (0: every workflow finished), or null when it was killed */
  exited: Promise<number | null>;
  stderr(): string;
  kill(): Promise<void>;
}

/** A bot process; with `ready`, it loads and waits for go() before it runs anything. */
export function spawnBot(options: BotOptions, spawnOptions: { ready?: boolean } = {}): BotProcess {
  const env = { ...process.env, BOT_OPTIONS: JSON.stringify(options), ...(spawnOptions.ready ? { BOT_WAIT_FOR_GO: '1' } : {}) };
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], { env, stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    go: (crashAt) => child.stdin!.write(`${JSON.stringify(crashAt)}\n`),
    exited,
    stderr: () => stderr.slice(-4_000),
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Waits for the process to end, killing it (and failing) after `ms`. */
export async function endOf(bot: BotProcess, ms: number): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  const result = await Promise.race([bot.exited, timeout]);
  clearTimeout(timer);
  if (result === 'timeout') {
    await bot.kill();
    throw new Error(`a bot process did not finish within ${ms} ms:\n${bot.stderr()}`);
  }
  return result;
}

export function journalLines(journal: string): string[] {
  return existsSync(journal) ? readFileSync(journal, 'utf8').split('\n').filter(Boolean) : [];
}
