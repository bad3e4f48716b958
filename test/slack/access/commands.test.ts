// The authorization matrix, commands and entry points (src/slack/ids.ts COMMANDS, ACTIONS.home, SHORTCUTS, the
// App Home): every /device subcommand and start button × {requester, subject, approver, escalated approver,
// helpdesk, bystander}, through the real Bolt app over signed HTTP. A refusal changes nothing, is told privately
// and writes one audit row (./world.ts). One app per dialect.
import { describe, expect, it } from 'vitest';
import { ACTIONS, SHORTCUTS, VIEWS } from '../../../src/slack/ids';
import { DIALECTS } from '../../support/databases';
import { FakeSlackServer } from '../../support/fake-slack/fake-slack-server';
import { HELPDESK_CHANNEL, waitFor } from '../harness';
import { AS, expectAllowed, expectRefused, NOT_HELPDESK, ROLES, SUBJECT, useWorld } from './world';

describe.each(DIALECTS)('authorization matrix: commands and entry points on %s', (dialect) => {
  const w = useWorld(dialect);
  const lastAnswer = () => FakeSlackServer.textOf(w.h.slack.responseUrlPosts.at(-1)!.body);
  const lastModal = () => w.h.slack.views.get(w.h.slack.callsTo('views.open').at(-1)!.response.view.id)!;
  const home = { id: 'VHOME', type: 'home' };

  it('/device offboard, offboard-bulk, lookup and sync: the helpdesk only', async () => {
    for (const [sub, permission] of [
      ['offboard', 'offboarding.start'],
      ['offboard-bulk', 'offboarding.start'],
      ['lookup SUBJ01', 'lookup'],
      ['sync', 'sync'],
    ] as const)
      for (const as of NOT_HELPDESK)
        await expectRefused(w, { as, message: `${permission}: role`, workflowId: null, shown: 'ephemeral', send: (u) => w.h.send.command(u, sub) });
    await expectAllowed(
      w,
      'helpdesk',
      (u) => w.h.send.command(u, 'offboard'),
      async () => expect(lastModal().callback_id).toBe(VIEWS.offboard),
    );
    await expectAllowed(
      w,
      'helpdesk',
      (u) => w.h.send.command(u, 'offboard-bulk'),
      async () => expect(lastModal().callback_id).toBe(VIEWS.bulkOffboard),
    );
    await expectAllowed(
      w,
      'helpdesk',
      (u) => w.h.send.command(u, 'lookup SUBJ01'),
      async () => expect(lastAnswer()).toContain('Lookup: SUBJ01'),
    );
    await expectAllowed(
      w,
      'helpdesk',
      (u) => w.h.send.command(u, 'sync'),
      async () => expect(lastAnswer()).toContain('not configured'),
    );
  });

  it("/device status <id>: the workflow's people and the helpdesk; a bystander is refused", async () => {
    for (const as of ROLES.filter((r) => r !== 'bystander'))
      await expectAllowed(
        w,
        as,
        (u) => w.h.send.command(u, `status ${w.wf1.id}`),
        async () => expect(lastAnswer()).toContain(w.wf1.id),
      );
    await expectRefused(w, {
      as: 'bystander',
      message: 'status.view: role',
      workflowId: w.wf1.id,
      shown: 'ephemeral',
      send: (u) => w.h.send.command(u, `status ${w.wf1.id}`),
    });
    expect(lastAnswer()).not.toContain(w.wf1.id);
  });

  it('/device status @someone: only the workflows the asker takes part in', async () => {
    await expectRefused(w, {
      as: 'bystander',
      message: 'status.view: role',
      workflowId: null,
      shown: 'ephemeral',
      send: (u) => w.h.send.command(u, `status <@${SUBJECT}>`),
    });
    expect(lastAnswer()).toMatch(/該当するワークフローはありません/);
    expect(lastAnswer()).toContain('自分が申請した・対象である・判断するワークフローだけを表示しています');
    expect(lastAnswer()).not.toContain(w.wf1.id);
    await expectAllowed(
      w,
      'subject',
      (u) => w.h.send.command(u, `status <@${SUBJECT}>`),
      async () => expect(lastAnswer()).toContain(w.wf1.id),
    );
  });

  it("/device replace, /device help and the App Home's replace button: everyone; the person picker only for the helpdesk", async () => {
    for (const as of ROLES) {
      for (const send of [
        (u: string) => w.h.send.command(u, 'replace'),
        (u: string) => w.h.send.blockAction(u, { action_id: ACTIONS.home.replace, value: 'replace' }, { view: home }),
      ]) {
        await expectAllowed(w, as, send, async () => {
          const view = lastModal();
          expect(view.callback_id).toBe(VIEWS.replace);
          const subject = view.blocks.find((b: { block_id?: string }) => b.block_id === 'subject');
          expect(subject.type).toBe(as === 'helpdesk' ? 'input' : 'section');
        });
      }
      await expectAllowed(
        w,
        as,
        (u) => w.h.send.command(u, 'help'),
        async () => undefined,
      );
    }
  });

  it("the App Home's offboarding button: the helpdesk only (anyone else gets a small modal saying why)", async () => {
    for (const as of NOT_HELPDESK)
      await expectRefused(w, {
        as,
        message: 'offboarding.start: role',
        workflowId: null,
        shown: 'modal',
        send: (u) => w.h.send.blockAction(u, { action_id: ACTIONS.home.offboard, value: 'offboard' }, { view: home }),
      });
    expect(JSON.stringify(w.h.slack.callsTo('views.open').at(-1)!.args)).toMatch(/helpdesk|ヘルプデスク/);
    await expectAllowed(
      w,
      'helpdesk',
      (u) => w.h.send.blockAction(u, { action_id: ACTIONS.home.offboard, value: 'offboard' }, { view: home }),
      async () => expect(lastModal().callback_id).toBe(VIEWS.offboard),
    );
  });

  it('the message shortcut: the helpdesk requests for the author; anyone else gets the modal locked to themselves', async () => {
    const message = { type: 'message', user: SUBJECT, ts: '1700000000.000200', text: 'my phone is broken' };
    for (const as of ROLES) {
      await expectAllowed(
        w,
        as,
        (u) => w.h.send.messageShortcut(u, SHORTCUTS.replaceFromMessage, HELPDESK_CHANNEL, message),
        async () => {
          const view = w.h.slack.views.get(w.h.slack.callsTo('views.open').at(-1)!.response.view.id)!;
          const mine = as === 'helpdesk' ? SUBJECT : AS[as];
          expect(JSON.parse(view.private_metadata)).toMatchObject({ r: AS[as], s: mine });
          expect(view.blocks.some((b: { block_id?: string }) => b.block_id === `device-${mine}`)).toBe(true);
        },
      );
    }
  });

  it('the App Home: everyone sees their own; only the helpdesk sees every open workflow and the offboarding button', async () => {
    for (const as of ROLES) {
      await expectAllowed(
        w,
        as,
        (u) => w.h.send.event({ type: 'app_home_opened', user: u, channel: 'D0HOME', tab: 'home' }),
        async () => {
          const published = await waitFor(() => w.h.slack.homes.get(AS[as]));
          const json = JSON.stringify(published.blocks);
          expect(json.includes('All open workflows')).toBe(as === 'helpdesk');
          expect(json.includes(ACTIONS.home.offboard)).toBe(as === 'helpdesk');
        },
      );
    }
  });
});
