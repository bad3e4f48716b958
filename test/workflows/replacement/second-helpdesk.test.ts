// Issue 13, item 10: a lost or stolen replacement started by the helpdesk no longer skips the manager's approval
// by default; when the policy skips it, a second helpdesk member (never the requester) confirms in the thread
// before anything irreversible is sent to the MDM.
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load';
import { DIALECTS } from '../../support/databases';
import { createScenario, MINUTE, PEOPLE, type Scenario } from './harness';

const KEN = { slackUserId: 'U_KEN', email: 'ken@example.com', displayName: 'Ken (helpdesk)' } as const;
const stolenByHelpdesk = { reason: 'stolen', requesterSlackId: PEOPLE.hana.slackUserId, requestedByHelpdesk: true, backup: 'no' } as const;

describe('REPLACEMENT_SKIP_APPROVAL_HELPDESK_LOST', () => {
  it('is off by default', () => {
    expect(loadConfig({}).REPLACEMENT_SKIP_APPROVAL_HELPDESK_LOST).toBe(false);
  });
});

describe.each(DIALECTS)('lost/stolen started by the helpdesk: no one-click wipe (%s)', (dialect) => {
  let s: Scenario;
  afterEach(async () => s?.close());

  it('by default the manager approves, and nothing is sent to the MDM before', async () => {
    s = await createScenario(dialect, { freeLicenses: 1 });
    const id = await s.start(stolenByHelpdesk);
    expect(s.chat.decision(id, 'approve')).toMatchObject({ kind: 'approval', deciders: [PEOPLE.boss.slackUserId] });
    expect(s.chat.threadKeys(id)).not.toContain('replacement.approval.skipped');
    expect(await s.world.commands('OLD123')).toEqual([]);
    await s.decide(id, 'approve', 'approved', PEOPLE.boss.slackUserId);
    expect((await s.world.commands('OLD123')).map((c) => c.kind)).toEqual(['wipe']);
  });

  it('policy on: a second helpdesk member must confirm before the wipe; the requester cannot', async () => {
    s = await createScenario(dialect, { freeLicenses: 1, env: { REPLACEMENT_SKIP_APPROVAL_HELPDESK_LOST: 'true' } });
    await s.world.seedPerson({ ...KEN, isHelpdesk: true, locale: 'ja' });
    const id = await s.start(stolenByHelpdesk);
    expect(s.chat.threadKeys(id)).toContain('replacement.approval.skipped');
    expect(s.chat.decision(id, 'confirm-second-helpdesk')).toMatchObject({ kind: 'confirmation', deciders: [KEN.slackUserId] });
    expect(s.chat.renderThread(id, 'en').join('\n')).toContain('A second helpdesk member confirms');
    expect(await s.world.commands('OLD123')).toEqual([]);

    // The requester's own click does not count, even though she is in the helpdesk.
    await s.decide(id, 'confirm-second-helpdesk', 'approved', PEOPLE.hana.slackUserId);
    expect((await s.step(id, 'confirm-second-helpdesk')).status).toBe('waiting');
    expect(await s.world.commands('OLD123')).toEqual([]);

    await s.decide(id, 'confirm-second-helpdesk', 'approved', KEN.slackUserId);
    expect((await s.world.commands('OLD123')).map((c) => c.kind)).toEqual(['wipe']);
    await s.advance(3 * MINUTE, 15_000);
    expect((await s.world.commands('OLD123')).map((c) => c.kind)).toEqual(['wipe', 'delete']);
    await s.world.activate('NEW456', { userEmail: PEOPLE.taro.email });
    await s.advance(5 * MINUTE);
    expect(await s.status(id)).toBe('succeeded');
    const summary = s.chat.thread(id).find((n) => n.text.key === 'replacement.summary.title')!;
    expect(summary.items!.map((i) => i.key)).toEqual(
      expect.arrayContaining(['replacement.summary.approvalSkipped', 'replacement.summary.confirm-second-helpdesk.yes']),
    );
  });

  it('policy on: the second member refuses, the workflow stops with nothing changed', async () => {
    s = await createScenario(dialect, { freeLicenses: 1, env: { REPLACEMENT_SKIP_APPROVAL_HELPDESK_LOST: 'true' } });
    await s.world.seedPerson({ ...KEN, isHelpdesk: true, locale: 'ja' });
    const id = await s.start(stolenByHelpdesk);
    await s.decide(id, 'confirm-second-helpdesk', 'rejected', KEN.slackUserId);
    expect(await s.status(id)).toBe('cancelled');
    expect(await s.world.commands('OLD123')).toEqual([]);
    expect(s.chat.threadKeys(id)).toContain('replacement.stopped.secondHelpdeskRefused');
  });

  it('policy on but no second helpdesk member: the approval is not skipped', async () => {
    s = await createScenario(dialect, { freeLicenses: 1, env: { REPLACEMENT_SKIP_APPROVAL_HELPDESK_LOST: 'true' } });
    const id = await s.start(stolenByHelpdesk);
    expect(s.chat.decision(id, 'approve')).toMatchObject({ kind: 'approval', deciders: [PEOPLE.boss.slackUserId] });
    expect(s.chat.decision(id, 'confirm-second-helpdesk')).toBeUndefined();
    expect(await s.world.commands('OLD123')).toEqual([]);
  });
});
