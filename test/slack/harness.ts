// A running devicebot Slack app for tests (`harnessTest`): a real database (SQLite or PostgreSQL), the real
// Engine, the real Bolt app over HTTP on a free port, and the fake Slack Web API server that records everything
// the bot says. Or only the Slack layer's parts without Bolt (`partsTest`), for tests of one module.
// The workflow is a small "replacement" definition (plan note → manager approval in the thread → work → done)
// built on the chat port exactly as the real workflow uses it, so these tests do not depend on the vendor
// adapters.
import { test } from 'vitest';
import { loadConfig } from '../../src/config/load';
import type { Config } from '../../src/config/schema';
import type { Dialect } from '../../src/db/client';
import { Engine } from '../../src/engine/engine';
import type { StepAction, StepSpec, WorkflowDefinition, WorkflowView } from '../../src/engine/types';
import { PermanentError } from '../../src/errors';
import { silentLogger } from '../../src/log/logger';
import type { ChatPort } from '../../src/ports/chat';
import type { Services } from '../../src/ports/services';
import { createSlackApp, type SlackAppHandle } from '../../src/slack/app';
import { createSlackChat, type SlackChat } from '../../src/slack/delivery/chat';
import { ProgressReporter } from '../../src/slack/delivery/progress';
import { replacementInputSchema, type ReplacementInput } from '../../src/workflows/replacement/input';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { FakeSlackServer } from '../support/fake-slack/fake-slack-server';
import { SlackRequestSender } from '../support/fake-slack/signed-client';

export const USERS = {
  employee: 'U0EMPLOYEE',
  manager: 'U0MANAGER',
  bigBoss: 'U0BIGBOSS',
  helpdesk: 'U0HELPDESK',
  other: 'U0OTHER',
};
export const HELPDESK_CHANNEL = 'C0HELPDESK';
export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const BOT_TOKEN = 'xoxb-test-token';

export interface TestServices {
  chat: ChatPort;
  failOnce: Set<string>;
}

/** The test "replacement" workflow: the same input as the real one, a short list of steps. */
export const testReplacement: WorkflowDefinition<ReplacementInput> = {
  kind: 'replacement',
  parseInput: (input) => replacementInputSchema.parse(input),
  title: (input) => `${input.reason} (${input.subjectSlackId})`,
  steps: (input): StepSpec[] => [
    { key: 'plan', action: 'test.plan', title: 'Plan' },
    // a two-option choice (kind 'choice'), only for the request whose notes ask for it
    ...(input.notes === 'choice' ? [{ key: 'choose', action: 'test.choose', title: 'Choose' }] : []),
    { key: 'approve', action: 'test.approve', title: 'Manager approval', input: { subject: input.subjectSlackId } },
    // named like the real release step, so that src/domain/authorization counts it as destructive (no Cancel once
    // it has started); its body is the test's own
    { key: 'release', action: 'replacement.releaseLicense', title: 'Release the old license', input: { fail: input.notes === 'fail-release' } },
    { key: 'ledger', action: 'test.work', title: 'Update the ledger' },
  ],
  // as the real definition: /device status <serial> finds it by the old and the new device's serials
  serialsOf: (input) => [input.oldDevice?.serial, input.newSerial],
};

export function testActions(db: TestDatabase['prisma']): Record<string, StepAction<TestServices>> {
  return {
    'test.plan': async (ctx) => {
      await ctx.services.chat.postToThread(ctx.workflow.id, {
        kind: 'warning',
        text: { key: 'slack.warn.zeroLicenses', params: { source: 'simulated' } },
        action: { key: 'slack.warn.lostMode' },
      });
      return { status: 'done' };
    },
    'test.approve': async (ctx) => {
      const signal = ctx.step.signal as { decision?: string; by?: string; reason?: string } | undefined;
      if (!signal) {
        const person = await db.person.findUnique({ where: { slackUserId: String(ctx.step.input.subject) }, include: { manager: true } });
        const manager = person?.manager?.slackUserId;
        await ctx.services.chat.requestDecision({
          workflowId: ctx.workflow.id,
          stepKey: ctx.step.key,
          kind: 'approval',
          deciders: manager ? [manager] : [],
          summary: { key: 'slack.kind.replacement' },
          details: [{ key: 'slack.reason.broken' }],
        });
        return { status: 'wait', reason: 'decision' };
      }
      if (signal.decision === 'approved') return { status: 'done', output: { approvedBy: signal.by ?? null } };
      return { status: 'stop', outcome: 'cancelled', reason: `rejected: ${signal.reason ?? ''}` };
    },
    'test.choose': async (ctx) => {
      const signal = ctx.step.signal as { decision?: string; outcome?: string; by?: string } | undefined;
      if (signal) return { status: 'done', output: { decision: signal.decision ?? null, outcome: signal.outcome ?? null, by: signal.by ?? null } };
      await ctx.services.chat.requestDecision({
        workflowId: ctx.workflow.id,
        stepKey: ctx.step.key,
        kind: 'choice',
        deciders: [USERS.helpdesk],
        summary: { key: 'replacement.lostMode.ask', params: { name: 'iPhone 12 (OLD123)' } },
        confirmLabel: { key: 'replacement.lostMode.keepAndWipe' },
        rejectLabel: { key: 'replacement.lostMode.disableFirst' },
      });
      return { status: 'wait', reason: 'decision' };
    },
    'test.work': work,
    'replacement.releaseLicense': work,
  };
}

const work: StepAction<TestServices> = async (ctx) => {
  if (ctx.step.input.fail && !ctx.services.failOnce.has(ctx.step.key)) {
    ctx.services.failOnce.add(ctx.step.key);
    throw new PermanentError('Intune answered 403: Forbidden (DeviceManagementManagedDevices.PrivilegedOperations.All)');
  }
  return { status: 'done', output: { ok: true } };
};

/** The Slack layer's parts without Bolt: a database with the two directory people, the fake Slack server, the
 *  configuration, the chat port (outbox, threads, locales) and the engine running the test workflow. */
export interface SlackParts {
  db: TestDatabase;
  slack: FakeSlackServer;
  config: Config;
  chat: SlackChat;
  engine: Engine<TestServices>;
  close(): Promise<void>;
}

export interface Harness extends SlackParts {
  bot: SlackAppHandle;
  send: SlackRequestSender;
  url: string;
  healthy: { value: boolean };
  /** runs the engine, the Slack observer and the outbox until nothing moves */
  settle(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  slack?: ConstructorParameters<typeof FakeSlackServer>[0];
  /** the ports for /device lookup and the device pickers (default: none configured) */
  services?: (db: TestDatabase['prisma']) => Pick<Services, 'ledger' | 'mdms' | 'abm'>;
  /** run a real workflow instead of the small test one: its definitions, actions and services (given the chat) */
  // biome-ignore lint/suspicious/noExplicitAny: a test harness accepting any workflow engine
  workflow?: (db: TestDatabase['prisma'], chat: SlackChat, config: Config) => { engine: Engine<any>; services: Pick<Services, 'ledger' | 'mdms' | 'abm'> };
}

export async function startSlackParts(dialect: Dialect, options: Pick<HarnessOptions, 'env' | 'slack'> = {}): Promise<SlackParts> {
  const db = await createTestDatabase(dialect);
  const slack = await new FakeSlackServer({
    botToken: BOT_TOKEN,
    channels: [HELPDESK_CHANNEL],
    users: [
      { id: USERS.employee, name: 'emp', real_name: 'Emma Employee', locale: 'en-US', email: 'emma@example.com' },
      { id: USERS.manager, name: 'mgr', real_name: '山田 部長', locale: 'ja-JP', email: 'yamada@example.com', fields: { Xf0MANAGER: `<@${USERS.bigBoss}>` } },
      { id: USERS.bigBoss, name: 'boss', real_name: 'Big Boss', locale: 'en-US', email: 'boss@example.com' },
      { id: USERS.helpdesk, name: 'hd', real_name: 'Helen Helpdesk', locale: 'en-US', email: 'helen@example.com' },
      { id: USERS.other, name: 'other', real_name: 'Otto Other', locale: 'ja-JP', email: 'otto@example.com' },
    ],
    ...options.slack,
  }).start();
  const config = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    SLACK_HELPDESK_CHANNEL: HELPDESK_CHANNEL,
    HELPDESK_USER_IDS: USERS.helpdesk,
    DEFAULT_LOCALE: 'en',
    SLACK_POST_INTERVAL_MS: '5',
    SLACK_UPDATE_INTERVAL_MS: '0',
    SLACK_BULK_UPDATE_INTERVAL_MS: '0',
    // edits as fast as the posts here (production: 50 a minute)
    SLACK_UPDATE_RATE_WINDOW_MS: '100',
    SLACK_HOUSEKEEPING_MS: '3600000',
    MANAGER_SOURCES: 'person,slack_profile',
    SLACK_MANAGER_PROFILE_FIELD: 'Xf0MANAGER',
    // the admin trusts the profile field here (off by default: test/slack/people/managers.test.ts)
    MANAGER_SLACK_PROFILE_ENABLED: 'true',
    ...options.env,
  });
  // the employee's manager is in the directory (Person.managerId); the manager's own manager only in Slack
  const manager = await db.prisma.person.create({ data: { slackUserId: USERS.manager, displayName: 'Yamada', email: 'yamada@example.com' } });
  await db.prisma.person.create({ data: { slackUserId: USERS.employee, displayName: 'Emma', email: 'emma@example.com', managerId: manager.id } });

  const chat = createSlackChat({ config, db: db.prisma, logger: silentLogger });
  const services: TestServices = { chat, failOnce: new Set() };
  const engine = new Engine<TestServices>({
    db: db.prisma,
    definitions: [testReplacement],
    actions: testActions(db.prisma),
    services,
    logger: silentLogger,
    options: { backoffBaseMs: 1, backoffMaxMs: 5 },
  });
  return {
    db,
    slack,
    config,
    chat,
    engine,
    async close() {
      await chat.outbox.stop();
      await engine.stop();
      await slack.stop();
      await db.cleanup();
    },
  };
}

export async function startHarness(dialect: Dialect, options: HarnessOptions = {}): Promise<Harness> {
  const parts = await startSlackParts(dialect, options);
  const { db, slack, config, chat } = parts;
  const real = options.workflow?.(db.prisma, chat, config);
  const engine: Engine<TestServices> = real?.engine ?? parts.engine;
  const healthy = { value: true };
  const bot = createSlackApp({
    config,
    db: db.prisma,
    engine,
    services: real?.services ?? options.services?.(db.prisma) ?? null,
    logger: silentLogger,
    chat,
    port: 0,
    ping: async () => healthy.value,
  });
  await bot.start();
  const url = `http://127.0.0.1:${bot.port()}`;
  const send = new SlackRequestSender(`${url}/slack/events`, SIGNING_SECRET, slack);

  const settle = async () => {
    let quiet = 0;
    let lastCalls = -1;
    for (let i = 0; i < 200 && quiet < 3; i++) {
      await engine.runUntilIdle();
      await bot.runtime.progress.idle();
      await chat.outbox.drain();
      await new Promise((r) => setTimeout(r, 15));
      const pending = await db.prisma.outboxMessage.count({ where: { status: 'pending' } });
      const ready = await db.prisma.workflowStep.count({ where: { status: 'pending', nextRunAt: { lte: new Date() } } });
      quiet = pending === 0 && ready === 0 && slack.calls.length === lastCalls ? quiet + 1 : 0;
      lastCalls = slack.calls.length;
    }
  };

  return {
    ...parts,
    engine,
    bot,
    send,
    url,
    healthy,
    settle,
    async close() {
      await bot.stop();
      await engine.stop();
      await parts.close();
    },
  };
}

/** Starts the test "replacement" workflow as the employee's replace modal would (not run yet). */
export async function startTestWorkflow(parts: SlackParts, notes?: string): Promise<WorkflowView> {
  const requester = await parts.db.prisma.person.findUniqueOrThrow({ where: { slackUserId: USERS.employee } });
  const input: ReplacementInput = {
    requesterSlackId: USERS.employee,
    subjectSlackId: USERS.employee,
    oldDevice: null,
    reason: 'broken',
    newSerial: 'F2LNEW0001',
    backup: 'yes',
    notes,
    requestedByHelpdesk: false,
  };
  const { workflow } = await parts.engine.startWorkflow({
    kind: 'replacement',
    input,
    requestedById: requester.id,
    slackChannel: HELPDESK_CHANNEL,
    actor: USERS.employee,
  });
  return workflow;
}

/** The engine observer on the parts' chat (what the bot subscribes), for tests that feed it events themselves. */
export function progressReporter(parts: SlackParts): ProgressReporter {
  const { config, chat } = parts;
  return new ProgressReporter({
    config,
    db: parts.db.prisma,
    client: chat.client,
    logger: silentLogger,
    now: () => new Date(),
    outbox: chat.outbox,
    threads: chat.threads,
    locales: chat.locales,
  });
}

/** The first line of each reply in the workflow's thread (as people read it: textOf repeats the notification text
 *  before the blocks), once everything the observer queued was sent. */
export async function threadLines(parts: SlackParts, progress: ProgressReporter, workflowId: string): Promise<string[]> {
  await progress.idle();
  await parts.chat.outbox.drain();
  const wf = await parts.db.prisma.workflow.findUniqueOrThrow({ where: { id: workflowId } });
  return parts.slack.threadReplies(HELPDESK_CHANNEL, wf.slackThreadTs!).map((m) => FakeSlackServer.textOf(m).split('\n')[0]!);
}

/** A vitest fixture: starts a value before the test (then runs `setup` on it) and closes it after. */
function closing<T extends { close(): Promise<void> }>(start: () => Promise<T>, setup?: (value: T) => Promise<void>) {
  // vitest reads the fixtures a fixture needs from its first parameter's pattern: this one needs none
  // biome-ignore lint/correctness/noEmptyPattern: vitest reads the fixtures a fixture needs from this pattern
  return async ({}, use: (value: T) => Promise<void>) => {
    const value = await start();
    try {
      await setup?.(value);
      await use(value);
    } finally {
      await value.close();
    }
  };
}

/** vitest's `it` with a fresh harness per test: `it('…', async ({ h }) => …)`; `setup` seeds what tests need. */
export function harnessTest(dialect: Dialect, options: HarnessOptions & { setup?: (h: Harness) => Promise<void> } = {}) {
  return test.extend<{ h: Harness }>({ h: closing(() => startHarness(dialect, options), options.setup) });
}

/** vitest's `it` with fresh Slack-layer parts (no Bolt) per test: `it('…', async ({ parts }) => …)`. */
export function partsTest(dialect: Dialect, options: Pick<HarnessOptions, 'env' | 'slack'> = {}) {
  return test.extend<{ parts: SlackParts }>({ parts: closing(() => startSlackParts(dialect, options)) });
}

/** Polls until `check` returns a truthy value (for work a listener does after its ack). */
export async function waitFor<T>(check: () => Promise<T> | T, timeoutMs = 5000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error('waitFor: timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
