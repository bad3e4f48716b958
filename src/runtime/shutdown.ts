// Stopping the bot without losing anything (SIGTERM from systemd, Docker or Kubernetes; SIGINT from a terminal).
// The order matters (docs/deploy.md, "Stopping"):
//  1. /healthz answers 503 "stopping" and the nightly schedule stops: no new work is started from here;
//  2. the engine stops claiming steps; running steps get SHUTDOWN_GRACE_MS to finish (Slack stays connected
//     meanwhile, so their messages still go out and a click or a command is still stored);
//  3. the Slack app stops taking requests and waits for the listeners it started;
//  4. the outbox is flushed: messages queued by the steps that finished are sent (bounded; what is left stays
//     in the database and the next process sends it);
//  5. the leases of steps still running are handed back (leaseExpiresAt = now): another process takes them over
//     at its next poll instead of waiting for the lease to expire. This is the last write, so an abandoned
//     action is not left running for long beside its takeover;
//  6. the health server and the database are closed.
import type { Logger } from '../log/logger';

export interface ShutdownParts {
  logger: Logger;
  /** how long running steps may finish (SHUTDOWN_GRACE_MS) */
  graceMs: number;
  /** how long the outbox may take to send what is queued (default 5 s) */
  flushMs?: number;
  /** step 1: mark the bot stopping, stop schedules */
  begin?: () => void;
  engine: {
    stop(options: { graceMs?: number }): Promise<{ unfinished: number }>;
    handBackLeases(): Promise<unknown[]>;
  };
  /** step 3: stop taking Slack requests */
  intake?: () => Promise<void>;
  /** step 4: send what the outbox holds */
  flush?: () => Promise<void>;
  /** step 6, before the database: close the health server */
  end?: () => Promise<void>;
  database: { close(): Promise<void> };
}

export interface ShutdownReport {
  /** steps still running when the grace period ended */
  unfinished: number;
  handedBack: number;
  /** false when the outbox flush ran out of time or failed */
  flushed: boolean;
  ms: number;
}

export async function stopGracefully(parts: ShutdownParts): Promise<ShutdownReport> {
  const started = Date.now();
  const { logger } = parts;
  parts.begin?.();
  const { unfinished } = await parts.engine.stop({ graceMs: parts.graceMs });
  if (unfinished) logger.warn('steps still running after the grace period', { steps: unfinished, graceMs: parts.graceMs });
  await parts.intake?.().catch((error) => logger.error('stopping the Slack app failed', { error }));
  const flushed = parts.flush ? await bounded(parts.flush(), parts.flushMs ?? 5_000, logger) : true;
  if (!flushed) logger.warn('outbox not flushed in time: the next process sends the rest');
  const handedBack = (await parts.engine.handBackLeases().catch((error) => (logger.error('handing back leases failed', { error }), []))).length;
  await parts.end?.().catch((error) => logger.error('closing the health server failed', { error }));
  await parts.database.close();
  const report = { unfinished, handedBack, flushed, ms: Date.now() - started };
  logger.info('stopped', report);
  return report;
}

async function bounded(work: Promise<void>, ms: number, logger: Logger): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const done = work.then(
    () => true,
    (error) => (logger.error('outbox flush failed', { error }), false),
  );
  try {
    return await Promise.race([done, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * SIGTERM/SIGINT → `stop`, then exit 0 (1 if stopping failed). A second signal, or a stop still running after
 * `deadlineMs`, exits at once with 1: the supervisor asked twice, and leases expire on their own anyway.
 */
export function exitOnSignals(stop: (signal: string) => Promise<void>, options: { logger: Logger; deadlineMs: number; exit?: (code: number) => void }): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const onSignal = (signal: string) => {
    if (stopping) {
      options.logger.warn('second signal: exiting now', { signal });
      return exit(1);
    }
    stopping = true;
    options.logger.info('stopping', { signal });
    setTimeout(() => {
      options.logger.error('stopping took too long: exiting now', { deadlineMs: options.deadlineMs });
      exit(1);
    }, options.deadlineMs);
    stop(signal).then(
      () => exit(0),
      (error) => {
        options.logger.error('stop failed', { error });
        exit(1);
      },
    );
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
}
