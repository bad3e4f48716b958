// What the Slack thread of a real offboarding says while a vendor command runs (issue: a 2-device thread held a
// "⏸️ … 待機中" reply per command although the devices answered within seconds). The real offboarding workflow on
// the simulated fleet and a ManualClock, with the real Slack progress observer posting to a fake Slack in a
// Japanese helpdesk channel: a command the device answers before OFFBOARDING_COMMAND_POLL has passed leaves no
// wait reply; one outstanding past it is said exactly once, in Japanese. The bot's own skip (the record already
// gone) posts nothing. Both databases.
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/log/logger';
import { createSlackChat, type SlackChat } from '../../../src/slack/delivery/chat';
import { ProgressReporter } from '../../../src/slack/delivery/progress';
import { DIALECTS } from '../../support/databases';
import { FakeSlackServer } from '../../support/fake-slack/fake-slack-server';
import { createHarness, LEAVER, seedLedgerDevice, type Harness } from './support/harness';

const CHANNEL = 'C0HELPDESK';
const TOKEN = 'xoxb-test-token';

interface World {
  h: Harness;
  slack: FakeSlackServer;
  chat: SlackChat;
  progress: ProgressReporter;
}

async function world(dialect: (typeof DIALECTS)[number]): Promise<World> {
  const slack = await new FakeSlackServer({ botToken: TOKEN, channels: [CHANNEL], users: [] }).start();
  const h = await createHarness(dialect, {
    env: {
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: 'test-signing-secret-0123456789abcdef',
      SLACK_API_URL: slack.apiUrl,
      SLACK_HELPDESK_CHANNEL: CHANNEL,
      DEFAULT_LOCALE: 'ja',
      SLACK_POST_INTERVAL_MS: '5',
      SLACK_UPDATE_INTERVAL_MS: '0',
      SLACK_UPDATE_RATE_WINDOW_MS: '100',
      SLACK_HOUSEKEEPING_MS: '3600000',
    },
  });
  const chat = createSlackChat({ config: h.config, db: h.services.db, logger: silentLogger });
  const progress = new ProgressReporter({
    config: h.config,
    db: h.services.db,
    client: chat.client,
    logger: silentLogger,
    now: () => h.clock.now(),
    outbox: chat.outbox,
    threads: chat.threads,
    locales: chat.locales,
  });
  h.engine.subscribe(progress.observer);
  return { h, slack, chat, progress };
}

/** The thread's replies (first line of each), once everything the observer queued was sent. */
async function replies(w: World, workflowId: string): Promise<string[]> {
  await w.progress.idle();
  await w.chat.outbox.drain();
  const row = await w.h.services.db.workflow.findUniqueOrThrow({ where: { id: workflowId } });
  if (!row.slackThreadTs) return [];
  return w.slack.threadReplies(CHANNEL, row.slackThreadTs).map((m) => FakeSlackServer.textOf(m).split('\n')[0]!);
}

/** One supervised device kept (no wipe): retire, then delete its record. */
async function offboardOne(w: World, serial: string, retireDelayMs: number): Promise<string> {
  const d = await w.h.world.seedDevice({ serial, userEmail: LEAVER.email, supervised: true });
  await seedLedgerDevice(w.h, serial, { mdmDeviceId: d.id });
  await w.h.world.setCommandDelay('retire', retireDelayMs);
  const id = await w.h.start({ defaults: { wipe: false } });
  await w.h.approve(id);
  await w.h.runFor(4 * 60_000, 1_000);
  expect((await w.h.engine.getWorkflow(id))!.workflow.status).toBe('succeeded');
  return id;
}

describe.each(DIALECTS)('an offboarding thread while commands run, on %s', (dialect) => {
  let w: World | undefined;
  afterEach(async () => {
    if (!w) return;
    await w.chat.outbox.stop();
    await w.h.cleanup();
    await w.slack.stop();
    w = undefined;
  });

  it('a command the device answers within OFFBOARDING_COMMAND_POLL (30 s) leaves no wait reply', async () => {
    w = await world(dialect);
    const id = await offboardOne(w, 'QUICK1', 8_000);
    const lines = await replies(w, id);
    expect(lines.filter((l) => l.includes('⏸️'))).toEqual([]);
    expect(lines.join('\n')).not.toMatch(/[A-Za-z]{3,} [a-z]{3,} [a-z]{3,}/); // no English sentence in a Japanese thread
  });

  it('a command outstanding past OFFBOARDING_COMMAND_POLL is said once, in Japanese, however often it is polled', async () => {
    w = await world(dialect);
    const id = await offboardOne(w, 'SLOW1', 90_000);
    const waits = (await replies(w, id)).filter((l) => l.includes('⏸️'));
    expect(waits).toHaveLength(1);
    expect(waits[0]).toContain('待機中');
    expect(waits[0]).toContain('SLOW1');
  });

  it("the bot's own skip (the record is already gone) posts nothing; the checklist shows it", async () => {
    w = await world(dialect);
    const d = await w.h.world.seedDevice({ serial: 'GONE1', userEmail: LEAVER.email, supervised: true });
    await seedLedgerDevice(w.h, 'GONE1', { mdmDeviceId: d.id });
    await w.h.world.setCommandDelay('retire', 8_000);
    const id = await w.h.start({ defaults: { wipe: false } });
    await w.h.approve(id);
    // while the retire runs, someone deletes the record by hand in the console: the bot finds it already gone
    await w.h.engine.runUntilIdle();
    expect((await w.h.world.commands('GONE1')).map((c) => c.kind)).toEqual(['retire']);
    await w.h.services.db.simMdmDevice.update({ where: { id: d.id }, data: { deleted: true } });
    await w.h.runFor(4 * 60_000, 1_000);
    const wf = (await w.h.engine.getWorkflow(id))!;
    expect(wf.workflow.status).toBe('succeeded');
    expect(wf.steps.filter((s) => s.status === 'skipped').map((s) => s.key)).toContain('delete-record:GONE1');
    const lines = await replies(w, id);
    expect(lines.filter((l) => l.includes('⏭️'))).toEqual([]);
    expect(lines.join('\n')).not.toContain('already gone');
  });
});
