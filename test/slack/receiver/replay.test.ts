// Replayed and mistimed Slack requests over real HTTP (src/slack/receiver/): a timestamp more than 300 s from now
// either way is refused, and the same signed request (timestamp, signature) is accepted once — also when it is
// sent to a second bot process on the same database. Rows outlive the window by at most a minute. Both databases.
import { describe, expect, it } from 'vitest';
import { createSlackApp } from '../../../src/slack/app';
import { silentLogger } from '../../../src/log/logger';
import { ReplayGuard } from '../../../src/slack/receiver/replay-guard';
import { createTestDatabase, DIALECTS } from '../../support/databases';
import { signSlackRequest, SlackRequestSender } from '../../support/fake-slack/signed-client';
import { harnessTest, SIGNING_SECRET, USERS, waitFor, type Harness } from '../harness';

const now = () => Math.floor(Date.now() / 1000);

/** A /device help command's body, as Slack posts it (a fresh trigger id each time). */
function helpBody(h: Harness): string {
  return new URLSearchParams({
    team_id: 'T0FAKE',
    channel_id: 'C0HELPDESK',
    user_id: USERS.employee,
    command: '/device',
    text: 'help',
    response_url: h.slack.responseUrl(),
    trigger_id: h.slack.issueTrigger(),
  }).toString();
}

/** Sends exactly these bytes with exactly these headers (a captured request, replayed). */
async function post(
  url: string,
  body: string,
  timestamp: number,
  signature = signSlackRequest(SIGNING_SECRET, timestamp, body),
): Promise<{ status: number; text: string }> {
  const res = await fetch(`${url}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature },
    body,
  });
  return { status: res.status, text: await res.text() };
}

describe.each(DIALECTS)('Slack request replays on %s', (dialect) => {
  const it = harnessTest(dialect);

  it('accepts a signed request once; the same bytes again are refused with 401', async ({ h }) => {
    const body = helpBody(h);
    const ts = now();
    const first = await post(h.url, body, ts);
    expect(first.status).toBe(200);
    expect(first.text).toContain('/device replace');
    expect(await post(h.url, body, ts)).toEqual({ status: 401, text: '' });
    // a new request (new timestamp, new signature) from Slack is fine
    expect((await post(h.url, body, ts + 1)).status).toBe(200);
    expect(await h.db.prisma.slackRequestSeen.count()).toBe(2);
  });

  it('refuses a timestamp more than 300 s away, in the past or in the future', async ({ h }) => {
    for (const skew of [3600, 301, -301, -3600]) expect((await post(h.url, helpBody(h), now() + skew)).status).toBe(401);
    for (const skew of [290, -290]) expect((await post(h.url, helpBody(h), now() + skew)).status).toBe(200);
    // a forged signature, and none, with a fresh timestamp
    expect((await post(h.url, helpBody(h), now(), 'v0=' + '0'.repeat(64))).status).toBe(401);
    expect((await h.send.command(USERS.employee, 'help', { signature: null })).status).toBe(401);
    expect(await h.db.prisma.slackRequestSeen.count()).toBe(2);
  });

  it('a request replayed to another bot process on the same database is refused there (and once under a race)', async ({ h }) => {
    const second = createSlackApp({ config: h.config, db: h.db.prisma, engine: h.engine, services: null, logger: silentLogger, port: 0 });
    await second.start();
    try {
      const other = `http://127.0.0.1:${second.port()}`;
      const body = helpBody(h);
      const ts = now();
      expect((await post(h.url, body, ts)).status).toBe(200);
      expect((await post(other, body, ts)).status).toBe(401);
      // the same request to both processes at once: exactly one accepts it
      const raced = helpBody(h);
      const results = await Promise.all([post(h.url, raced, ts), post(other, raced, ts), post(h.url, raced, ts), post(other, raced, ts)]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 401, 401, 401]);
    } finally {
      await second.stop();
    }
  });

  it('a retried delivery from Slack (signed again, later) is still handled once by the listeners', async ({ h }) => {
    const sender = new SlackRequestSender(`${h.url}/slack/events`, SIGNING_SECRET, h.slack);
    const event = { type: 'app_home_opened', user: USERS.employee, channel: 'D0HOME', tab: 'home', event_ts: `${Date.now() / 1000}` };
    expect((await sender.event(event, { eventId: 'Ev0REPLAY' })).status).toBe(200);
    expect((await sender.event(event, { eventId: 'Ev0REPLAY', retryNum: 1 })).status).toBe(200);
    await waitFor(() => h.slack.callsTo('views.publish').length > 0);
    await new Promise((r) => setTimeout(r, 100));
    expect(h.slack.callsTo('views.publish')).toHaveLength(1);
  });
});

describe.each(DIALECTS)('ReplayGuard on %s', (dialect) => {
  it('forgets a request once its timestamp has left the window (it could not be accepted again anyway)', async () => {
    const db = await createTestDatabase(dialect);
    try {
      let clock = new Date('2026-11-30T00:00:00Z');
      const guard = new ReplayGuard({ db: db.prisma, now: () => clock, signingSecret: SIGNING_SECRET });
      const at = (d: Date) => Math.floor(d.getTime() / 1000);
      const body = 'payload=%7B%7D';
      const ts = at(clock);
      expect(await guard.admit(String(ts), signSlackRequest(SIGNING_SECRET, ts, body), body)).toBe('accepted');
      expect(await guard.admit(String(ts), signSlackRequest(SIGNING_SECRET, ts, body), body)).toBe('replay');
      clock = new Date(clock.getTime() + 10 * 60_000);
      expect(await guard.admit(String(ts), signSlackRequest(SIGNING_SECRET, ts, body), body)).toBe('stale');
      const later = at(clock);
      expect(await guard.admit(String(later), signSlackRequest(SIGNING_SECRET, later, body), body)).toBe('accepted');
      expect((await db.prisma.slackRequestSeen.findMany()).map((r) => r.timestamp.getTime() / 1000)).toEqual([later]);
      expect(await guard.admit('not-a-number', 'v0=x', body)).toBe('stale');
    } finally {
      await db.cleanup();
    }
  });

  it('a burst is written together and still decided request by request: new ones accepted, a seen one and a repeat refused', async () => {
    const db = await createTestDatabase(dialect);
    try {
      const guard = new ReplayGuard({ db: db.prisma, now: () => new Date(), signingSecret: SIGNING_SECRET });
      const ts = now();
      const admit = (body: string) => guard.admit(String(ts), signSlackRequest(SIGNING_SECRET, ts, body), body);
      expect(await admit('n=0')).toBe('accepted');
      // n=0 was accepted before this burst; n=7 comes twice within it
      const bodies = [...Array.from({ length: 50 }, (_, i) => `n=${i}`), 'n=7'];
      const verdicts = await Promise.all(bodies.map(admit));
      expect(verdicts[0]).toBe('replay');
      expect(verdicts.slice(1, 50)).toEqual(Array(49).fill('accepted'));
      expect(verdicts[50]).toBe('replay');
      expect(await db.prisma.slackRequestSeen.count()).toBe(50);
    } finally {
      await db.cleanup();
    }
  });
});
