// The Slack app itself (src/slack/app.ts) over HTTP: the health check, and Slack's request signing (forged,
// missing, replayed, tampered requests never reach a listener).
import { describe, expect } from 'vitest';
import { signSlackRequest } from '../support/fake-slack/signed-client';
import { harnessTest, SIGNING_SECRET, USERS } from './harness';

describe('Slack app over HTTP', () => {
  const it = harnessTest('sqlite');

  it('GET /healthz answers 200 when the database answers, 503 when it does not', async ({ h }) => {
    const ok = await fetch(`${h.url}/healthz`);
    expect(ok.status).toBe(200);
    h.healthy.value = false;
    const down = await fetch(`${h.url}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: 'database unreachable' });
    h.healthy.value = true;
  });

  it('refuses a forged signature, a missing signature and a replayed (6-minute-old) request', async ({ h }) => {
    const before = h.slack.calls.length;
    const forged = await h.send.command(USERS.employee, 'help', { signature: signSlackRequest('not-the-secret', Math.floor(Date.now() / 1000), 'x') });
    expect(forged.status).toBe(401);
    const missing = await h.send.command(USERS.employee, 'help', { signature: null });
    expect(missing.status).toBe(401);
    const replayed = await h.send.command(USERS.employee, 'help', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(replayed.status).toBe(401);
    // a body changed after signing (same timestamp, signature of another body)
    const ts = Math.floor(Date.now() / 1000);
    const tampered = await h.send.command(USERS.employee, 'replace', {
      timestamp: ts,
      signature: signSlackRequest(SIGNING_SECRET, ts, 'command=%2Fdevice&text=help'),
    });
    expect(tampered.status).toBe(401);
    // nothing reached a listener: no Slack call, no modal, no workflow
    expect(h.slack.calls.slice(before).filter((c) => c.method !== 'auth.test')).toEqual([]);
    expect(await h.db.prisma.workflow.count()).toBe(0);
    // and a correctly signed one is accepted
    const good = await h.send.command(USERS.employee, 'help');
    expect(good.status).toBe(200);
  });
});
