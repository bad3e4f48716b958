// The message shortcut (listeners/shortcuts/replace-from-message.ts) through the real Bolt app: the replace modal
// opens for the message's author, with the message as notes.
import { describe, expect } from 'vitest';
import { ACTIONS, SHORTCUTS, VIEWS } from '../../../../src/slack/ids';
import { HELPDESK_CHANNEL, harnessTest, USERS, waitFor } from '../../harness';

describe('message shortcut "Start a replacement"', () => {
  const it = harnessTest('sqlite');

  it('opens the replace modal for the author of the message, with its text as notes', async ({ h }) => {
    const message = { type: 'message', user: USERS.employee, ts: '1700000000.000100', text: 'My phone fell into the lake' };
    const res = await h.send.messageShortcut(USERS.helpdesk, SHORTCUTS.replaceFromMessage, HELPDESK_CHANNEL, message);
    expect(res.status).toBe(200);
    const open = await waitFor(() => h.slack.callsTo('views.open')[0]);
    const viewId = open.response.view.id as string;
    await waitFor(() => h.slack.callsTo('views.update').find((c) => c.args.view_id === viewId));
    const view = h.slack.views.get(viewId)!;
    expect(view.callback_id).toBe(VIEWS.replace);
    // the person picker starts on the author, the notes hold the message, the requester is who used the shortcut
    const subject = view.blocks.find((b: { block_id?: string }) => b.block_id === 'subject');
    expect(subject.element).toMatchObject({ action_id: ACTIONS.modalSubject.replace, initial_user: USERS.employee });
    const notes = view.blocks.find((b: { block_id?: string }) => b.block_id === 'notes');
    expect(notes.element.initial_value).toBe('My phone fell into the lake');
    expect(JSON.parse(view.private_metadata)).toMatchObject({ r: USERS.helpdesk, c: HELPDESK_CHANNEL });
    expect(h.slack.violations).toEqual([]);
  });
});
