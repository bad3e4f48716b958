// The replace modal submitted (listeners/views/replace-submit.ts) through the real Bolt app on both databases:
// one workflow per modal whatever the number of deliveries, and field errors shown in the modal.
import { describe, expect } from 'vitest';
import { DIALECTS } from '../../../support/databases';
import { openAndSubmitReplace, text } from '../../flows';
import { HELPDESK_CHANNEL, harnessTest, USERS, waitFor } from '../../harness';

describe.each(DIALECTS)('replace modal submitted on %s', (dialect) => {
  const it = harnessTest(dialect);

  it('a double submit and a retried delivery of the same modal start one workflow', async ({ h }) => {
    const { view, state, submit } = await openAndSubmitReplace(h, USERS.employee);
    const results = await Promise.all([submit(), submit(), h.send.viewSubmission(USERS.employee, view, state, { retryNum: 1 })]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    await waitFor(() => h.db.prisma.workflow.findFirst({ where: { slackThreadTs: { not: null } } }));
    await h.settle();
    expect(await h.db.prisma.workflow.count()).toBe(1);
    expect(h.slack.channelMessages(HELPDESK_CHANNEL)).toHaveLength(1);
    expect(h.slack.dms(USERS.employee).filter((m) => text(m).includes('was received'))).toHaveLength(1);
  });

  it('an employee cannot request for someone else (the modal shows the error)', async ({ h }) => {
    const { submit } = await openAndSubmitReplace(h, USERS.employee, { subject: USERS.other });
    const res = await submit();
    // the employee's modal has no person picker: a submission naming someone else is forged, refused and audited
    expect(res.json).toMatchObject({
      response_action: 'errors',
      errors: { [`device-${USERS.employee}`]: expect.stringContaining('only for your own device') },
    });
    expect(await h.db.prisma.workflow.count()).toBe(0);
    expect(await h.db.prisma.auditEvent.findMany({ where: { action: 'authz.refused' }, select: { actor: true, message: true } })).toEqual([
      { actor: USERS.employee, message: 'replacement.start.other: subject_not_self' },
    ]);
  });
});
