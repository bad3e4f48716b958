// /device (listeners/commands/device.ts) through the real Bolt app: help in the user's language answered in the
// ack, modals opened with the trigger_id at once, the helpdesk-only subcommands, and answers sent later through
// response_url. (/device lookup on real ports: test/slack/features/lookup.test.ts.)
import { describe, expect } from 'vitest';
import { VIEWS } from '../../../../src/slack/ids';
import { FakeSlackServer } from '../../../support/fake-slack/fake-slack-server';
import { ephemeral, openReplaceModal } from '../../flows';
import { harnessTest, USERS, waitFor } from '../../harness';

describe('/device', () => {
  const it = harnessTest('sqlite');

  it("/device help lists every subcommand with an example, in the user's language", async ({ h }) => {
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

  it('/device replace opens the modal with the trigger_id at once, then fills the device picker', async ({ h }) => {
    const { res, view } = await openReplaceModal(h, USERS.employee);
    expect(res.ms).toBeLessThan(3000);
    expect(h.slack.callsTo('views.open')[0]?.response.ok).toBe(true);
    expect(view.callback_id).toBe(VIEWS.replace);
    expect(view.title.text).toBe('Replace a device');
    expect(h.slack.violations).toEqual([]);
  });

  it('/device offboard is for the helpdesk only', async ({ h }) => {
    await h.send.command(USERS.employee, 'offboard');
    const reply = await waitFor(() => h.slack.responseUrlPosts.find((p) => FakeSlackServer.textOf(p.body).includes('Only helpdesk members')));
    expect(reply.body.response_type).toBe('ephemeral');
    expect(h.slack.callsTo('views.open')).toHaveLength(0);
    await h.send.command(USERS.helpdesk, 'offboard');
    const open = await waitFor(() => h.slack.callsTo('views.open')[0]);
    expect(JSON.parse(open.args.view).callback_id).toBe(VIEWS.offboard);
    expect(open.response.ok).toBe(true);
  });

  it('/device status with nothing to show says so; an unknown subcommand points to help', async ({ h }) => {
    await h.send.command(USERS.employee, 'status F2LXK0ZZZZ');
    await ephemeral(h, 'No workflow found for F2LXK0ZZZZ');
    await h.send.command(USERS.employee, 'frobnicate');
    expect(await ephemeral(h, '/device help')).toContain('frobnicate');
  });

  it('/device sync is for the helpdesk only, and says when no sync is configured', async ({ h }) => {
    await h.send.command(USERS.employee, 'sync');
    await ephemeral(h, 'Only helpdesk members');
    await h.send.command(USERS.helpdesk, 'sync dry-run');
    await ephemeral(h, 'The sync is not configured in this bot.');
  });
});
