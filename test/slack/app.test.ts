// The real Bolt app over HTTP: health check, Slack's request signing (forged, missing, replayed), /device help in
// the user's language, modals opened with the trigger_id, App Home, and Slack's event retries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSlackRequest } from '../support/fake-slack/signed-client';
import { FakeSlackServer } from '../support/fake-slack/fake-slack-server';
import { HELPDESK_CHANNEL, SIGNING_SECRET, startHarness, USERS, waitFor, type Harness } from './harness';

describe('Slack app over HTTP', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('sqlite');
  });
  afterAll(async () => {
    await h.close();
  });

  it('GET /healthz answers 200 when the database answers, 503 when it does not', async () => {
    const ok = await fetch(`${h.url}/healthz`);
    expect(ok.status).toBe(200);
    h.healthy.value = false;
    const down = await fetch(`${h.url}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: 'database unreachable' });
    h.healthy.value = true;
  });

  it('refuses a forged signature, a missing signature and a replayed (6-minute-old) request', async () => {
    const before = h.slack.calls.length;
    const forged = await h.send.command(USERS.employee, 'help', { signature: signSlackRequest('not-the-secret', Math.floor(Date.now() / 1000), 'x') });
    expect(forged.status).toBe(401);
    const missing = await h.send.command(USERS.employee, 'help', { signature: null });
    expect(missing.status).toBe(401);
    const replayed = await h.send.command(USERS.employee, 'help', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(replayed.status).toBe(401);
    // a body changed after signing (same timestamp, signature of another body)
    const ts = Math.floor(Date.now() / 1000);
    const tampered = await h.send.command(USERS.employee, 'replace', { timestamp: ts, signature: signSlackRequest(SIGNING_SECRET, ts, 'command=%2Fdevice&text=help') });
    expect(tampered.status).toBe(401);
    // nothing reached a listener: no Slack call, no modal, no workflow
    expect(h.slack.calls.slice(before).filter((c) => c.method !== 'auth.test')).toEqual([]);
    expect(await h.db.prisma.workflow.count()).toBe(0);
    // and a correctly signed one is accepted
    const good = await h.send.command(USERS.employee, 'help');
    expect(good.status).toBe(200);
  });

  it('/device help lists every subcommand with an example, in the user\'s language', async () => {
    const en = await h.send.command(USERS.employee, 'help');
    expect(en.status).toBe(200);
    expect(en.json?.response_type).toBe('ephemeral');
    const text = FakeSlackServer.textOf(en.json as never);
    for (const sub of ['replace', 'offboard', 'status', 'lookup', 'sync']) expect(text).toContain(`/device ${sub}`);
    expect(text).toContain('Example');
    const ja = await h.send.command(USERS.other, 'help');
    expect(FakeSlackServer.textOf(ja.json as never)).toContain('devicebot でできること');
    expect(FakeSlackServer.textOf(ja.json as never)).toContain('例');
  });

  it('/device replace opens the modal with the trigger_id at once, then fills the device picker', async () => {
    const before = h.slack.callsTo('views.open').length;
    const res = await h.send.command(USERS.employee, 'replace');
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(3000);
    const open = await waitFor(() => h.slack.callsTo('views.open')[before]);
    expect(open.response.ok).toBe(true);
    const view = JSON.parse(open.args.view);
    expect(view.callback_id).toBe('replace.submit');
    expect(view.title.text).toBe('Replace a device');
    await waitFor(() => h.slack.callsTo('views.update').find((c) => c.args.view_id === open.response.view.id));
    expect(h.slack.violations).toEqual([]);
  });

  it('/device offboard is for the helpdesk only', async () => {
    await h.send.command(USERS.employee, 'offboard');
    const reply = await waitFor(() => h.slack.responseUrlPosts.find((p) => FakeSlackServer.textOf(p.body).includes('Only helpdesk members')));
    expect(reply.body.response_type).toBe('ephemeral');
    const before = h.slack.callsTo('views.open').length;
    await h.send.command(USERS.helpdesk, 'offboard');
    const open = await waitFor(() => h.slack.callsTo('views.open')[before]);
    expect(JSON.parse(open.args.view).callback_id).toBe('offboard.submit');
    expect(open.response.ok).toBe(true);
  });

  it('/device status with nothing to show says so; an unknown subcommand points to help', async () => {
    await h.send.command(USERS.employee, 'status F2LXK0ZZZZ');
    await waitFor(() => h.slack.responseUrlPosts.find((p) => FakeSlackServer.textOf(p.body).includes('No workflow found for F2LXK0ZZZZ')));
    await h.send.command(USERS.employee, 'frobnicate');
    await waitFor(() => h.slack.responseUrlPosts.find((p) => FakeSlackServer.textOf(p.body).includes('/device help')));
  });

  it('App Home is published on app_home_opened; a retried delivery (X-Slack-Retry-Num) is handled once', async () => {
    const before = h.slack.callsTo('views.publish').length;
    const event = { type: 'app_home_opened', user: USERS.helpdesk, channel: 'D0HOME', tab: 'home', event_ts: `${Date.now() / 1000}` };
    const first = await h.send.event(event, { eventId: 'Ev0HOME1' });
    expect(first.status).toBe(200);
    await waitFor(() => h.slack.callsTo('views.publish').length > before);
    const retry = await h.send.event(event, { eventId: 'Ev0HOME1', retryNum: 1, retryReason: 'http_timeout' });
    expect(retry.status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.slack.callsTo('views.publish').length).toBe(before + 1);
    expect(h.slack.callsTo('views.publish').at(-1)?.response.ok).toBe(true);
    const home = h.slack.homes.get(USERS.helpdesk)!;
    const text = FakeSlackServer.textOf({ blocks: home.blocks });
    expect(text).toContain('My open requests');
    expect(text).toContain('All open workflows (helpdesk)');
    expect(text).toContain('Failed steps (helpdesk)');
    expect(h.slack.violations).toEqual([]);
    expect(HELPDESK_CHANNEL).toBe('C0HELPDESK');
  });
});
