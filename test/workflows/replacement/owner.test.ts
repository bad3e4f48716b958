// The replacement's facts step refuses an old device that is not the subject's (issue 12: a wipe was once queued
// for a colleague's iPad), on the server, before any plan or approval exists — unless a helpdesk member confirmed
// it explicitly in the request. Both databases.
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/databases';
import { createScenario, PEOPLE, type Scenario } from './harness';

describe.each(DIALECTS)("the old device must be the subject's, on %s", (dialect) => {
  let s: Scenario;
  afterEach(async () => s?.close());

  it("a colleague's phone named by an employee: refused at the facts step, nothing planned, nothing asked, nothing sent", async () => {
    s = await createScenario(dialect);
    const id = await s.start({ oldDevice: { serial: 'JIRO01' }, reason: 'stolen' });
    const facts = await s.step(id, 'facts');
    expect(facts.status).toBe('failed');
    expect(facts.lastError).toContain('JIRO01 is recorded for jiro@example.com');
    expect(Object.keys(await s.stepStatuses(id)).sort()).toEqual(['facts', 'summary']);
    expect(await s.db.prisma.approval.count()).toBe(0);
    expect(await s.world.commands('JIRO01')).toEqual([]);
  });

  it('a confirmation counts only from a helpdesk member', async () => {
    s = await createScenario(dialect);
    const self = await s.start({ oldDevice: { serial: 'JIRO01' }, oldDeviceOwnerConfirmedBy: PEOPLE.taro.slackUserId });
    expect((await s.step(self, 'facts')).lastError).toContain('is not a helpdesk member');
    const helpdesk = await s.start({
      requesterSlackId: PEOPLE.hana.slackUserId,
      oldDevice: { serial: 'JIRO01' },
      requestedByHelpdesk: true,
      oldDeviceOwnerConfirmedBy: PEOPLE.hana.slackUserId,
    });
    expect((await s.step(helpdesk, 'facts')).status).toBe('succeeded');
    expect((await s.step(helpdesk, 'approve')).status).toBe('waiting');
  });

  it("the subject's own device needs no confirmation", async () => {
    s = await createScenario(dialect);
    const id = await s.start();
    expect((await s.step(id, 'facts')).status).toBe('succeeded');
  });
});
