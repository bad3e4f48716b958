// `npm run offboard -- people.csv [--dry-run] [--now] [--requester U123] [--lang ja|en]`
// Bulk offboarding from the command line: one workflow per person in the CSV (see parseOffboardingCsv for the
// columns). --dry-run prints each person's plan and writes nothing. Without it, the workflows are created in the
// database; the running bot's engine picks them up and opens a thread for each (plan, approval, schedule).
// When: each person's last working day at OFFBOARDING_RUN_TIME (TIME_ZONE) unless the row has a run_at — the one
// default schedule, the same as the Slack form's (docs/decisions.md); --now runs each as soon as it is approved.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import dotenv from 'dotenv';
import type { WorkflowEngineApi } from '../engine/api';
import { isLocale, t, type Locale } from '../i18n';
import type { Services } from '../ports/services';
import { cliProgress, type ProgressOutput } from './progress';
import { checkOffboardingCsv, planBulkOffboarding, planNotes, renderBulkReport, renderNotes, startBulkOffboarding } from '../workflows/offboarding';

export interface OffboardArgs {
  file: string;
  dryRun: boolean;
  now: boolean;
  requester: string;
  locale: Locale | null;
}

export function parseArgs(argv: string[]): OffboardArgs {
  const args: OffboardArgs = { file: '', dryRun: false, now: false, requester: 'cli', locale: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--dry-run') args.dryRun = true;
    else if (a === '--now') args.now = true;
    else if (a === '--requester') args.requester = argv[++i] ?? '';
    else if (a === '--lang') {
      const l = argv[++i];
      if (!isLocale(l)) throw new Error('--lang must be ja or en');
      args.locale = l;
    } else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else if (!args.file) args.file = a;
    else throw new Error(`unexpected argument ${a}`);
  }
  if (!args.file) throw new Error('usage: npm run offboard -- people.csv [--dry-run] [--now] [--requester U123] [--lang ja|en]');
  if (!args.requester) throw new Error('--requester needs a Slack user id');
  return args;
}

/** Runs the command on already-built services; returns the exit code. Tests call it directly. `csv` replaces the
 *  file's bytes (tests). Every problem of the file is printed at once; nothing starts while one is left. */
export async function offboardCommand(
  args: OffboardArgs,
  deps: {
    services: Pick<Services, 'db' | 'config' | 'mdms' | 'abm' | 'ledger' | 'now'>;
    engine: Pick<WorkflowEngineApi, 'startWorkflow'> | null;
    out: (line: string) => void;
    /** where a progress bar (a terminal) or progress lines go while the rows are planned or started */
    progress?: ProgressOutput;
    csv?: string | Uint8Array;
  },
): Promise<number> {
  const { config } = deps.services;
  const locale = args.locale ?? config.DEFAULT_LOCALE;
  // The bytes, not UTF-8 text: Excel in Japan saves CSV in Shift-JIS (src/csv/decode.ts decides).
  const bytes = deps.csv ?? readFileSync(args.file);
  const check = await checkOffboardingCsv(bytes, {
    db: deps.services.db,
    requesterSlackId: args.requester,
    timeZone: config.TIME_ZONE,
    runTime: config.OFFBOARDING_RUN_TIME,
    runNow: args.now,
  });
  const report = renderBulkReport(locale, check);
  for (const line of report.lines) deps.out(line);
  if (!args.dryRun && check.problems.length > 0) {
    deps.out(report.summary);
    return 1;
  }
  if (args.dryRun) {
    // The dry run plans every good row too, so one run lists every problem: the file's and the plans'.
    const onProgress = deps.progress ? cliProgress(deps.progress, locale, t(locale, 'offboarding-bulk.cli.planning')) : undefined;
    const plans = await planBulkOffboarding(deps.services, check.rows, { onProgress });
    let failed = 0;
    for (const p of plans) {
      deps.out(
        t(locale, 'offboarding-bulk.cli.row', { row: p.row, person: p.input.subject.email ?? p.input.subject.slackUserId ?? '?', day: p.input.lastWorkingDay }),
      );
      if (p.plan) deps.out(renderNotes(locale, planNotes(p.plan, { timeZone: config.TIME_ZONE })));
      else {
        failed++;
        deps.out(t(locale, 'offboarding-bulk.cli.planFailed', { error: p.error ?? '' }));
      }
    }
    const devices = plans.reduce((n, p) => n + (p.plan?.devices.length ?? 0), 0);
    if (check.problems.length > 0) deps.out(report.summary);
    deps.out(t(locale, 'offboarding-bulk.cli.dryRunDone', { people: plans.length, devices, errors: failed + check.problems.length }));
    return failed + check.problems.length > 0 ? 1 : 0;
  }
  if (!deps.engine) throw new Error('no engine to start workflows with');
  const onProgress = deps.progress ? cliProgress(deps.progress, locale, t(locale, 'offboarding-bulk.cli.starting')) : undefined;
  const started = await startBulkOffboarding(deps.engine, check, { actor: args.requester, slackChannel: config.SLACK_HELPDESK_CHANNEL ?? null, onProgress });
  for (const s of started)
    deps.out(t(locale, s.created ? 'offboarding-bulk.cli.started' : 'offboarding-bulk.cli.startedBefore', { row: s.row, id: s.workflowId }));
  const channel = config.SLACK_HELPDESK_CHANNEL ?? t(locale, 'offboarding-bulk.cli.helpdeskChannel');
  deps.out(t(locale, 'offboarding-bulk.cli.startedAll', { count: started.filter((s) => s.created).length, channel }));
  return 0;
}

async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  const { loadConfig } = await import('../config/load');
  const { secretValues } = await import('../config/secrets');
  const { registerSecrets } = await import('../log/scrub');
  const { createLogger } = await import('../log/logger');
  const { openDatabase } = await import('../db/client');
  const { buildPorts } = await import('../runtime/adapters');
  const { Engine } = await import('../engine/engine');
  const { stepActions, workflowDefinitions } = await import('../runtime/workflows');
  registerSecrets(secretValues(process.env));
  const args = parseArgs(process.argv.slice(2));
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL });
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    const ports = buildPorts(config, database.prisma, logger);
    // The CLI never runs steps (the bot does): a chat port here would be a bug, so it refuses loudly.
    const refuse = async () => {
      throw new Error('the offboard command does not talk to Slack; the running bot does');
    };
    const chat = { postToThread: refuse, requestDecision: refuse, notifyUser: refuse, postReport: refuse };
    const services: Services = { config, db: database.prisma, ...ports, chat, reports: chat, logger, now: () => new Date() };
    const engine = args.dryRun
      ? null
      : new Engine<Services>({
          db: database.prisma,
          dialect: database.dialect,
          definitions: workflowDefinitions(config),
          actions: stepActions(),
          services,
          instanceId: 'cli-offboard',
          logger,
        });
    process.exitCode = await offboardCommand(args, { services, engine, out: (line) => process.stdout.write(line + '\n'), progress: process.stdout });
  } finally {
    await database.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`offboard: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
