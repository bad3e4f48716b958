// The Home tab (listeners/events/app-home-opened.ts, features/home.ts) through the real Bolt app: published on
// app_home_opened, once per event even when Slack retries the delivery, with the helpdesk's sections.
import { describe, expect } from 'vitest';
import { ACTIONS } from '../../../../src/slack/ids';
import { FakeSlackServer } from '../../../support/fake-slack/fake-slack-server';
import { harnessTest, USERS, waitFor } from '../../harness';

const homeOpened = (user: string) => ({ type: 'app_home_opened', user, channel: 'D0HOME', tab: 'home', event_ts: `${Date.now() / 1000}` });

describe('App Home', () => {
  const it = harnessTest('sqlite');

  it('is published on app_home_opened; a retried delivery (X-Slack-Retry-Num) is handled once', async ({ h }) => {
    const event = homeOpened(USERS.helpdesk);
    const first = await h.send.event(event, { eventId: 'Ev0HOME1' });
    expect(first.status).toBe(200);
    await waitFor(() => h.slack.callsTo('views.publish').length > 0);
    const retry = await h.send.event(event, { eventId: 'Ev0HOME1', retryNum: 1, retryReason: 'http_timeout' });
    expect(retry.status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.slack.callsTo('views.publish')).toHaveLength(1);
    expect(h.slack.callsTo('views.publish')[0]?.response.ok).toBe(true);
    const home = h.slack.homes.get(USERS.helpdesk)!;
    const text = FakeSlackServer.textOf({ blocks: home.blocks });
    expect(text).toContain('My open requests');
    expect(text).toContain('All open workflows (helpdesk)');
    expect(text).toContain('Failed steps (helpdesk)');
    expect(JSON.stringify(home.blocks)).toContain(`"${ACTIONS.home.offboard}"`);
    expect(h.slack.violations).toEqual([]);
  });

  it("an employee's Home has the replacement button only, and no helpdesk sections", async ({ h }) => {
    await h.send.event(homeOpened(USERS.employee), { eventId: 'Ev0HOME2' });
    await waitFor(() => h.slack.homes.get(USERS.employee));
    const home = h.slack.homes.get(USERS.employee)!;
    expect(JSON.stringify(home.blocks)).toContain(`"${ACTIONS.home.replace}"`);
    expect(JSON.stringify(home.blocks)).not.toContain(`"${ACTIONS.home.offboard}"`);
    expect(FakeSlackServer.textOf({ blocks: home.blocks })).not.toContain('(helpdesk)');
  });
});
