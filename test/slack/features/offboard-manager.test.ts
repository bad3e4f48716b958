// Issue 13, item 20: one way to find a person's manager, for every workflow. An offboarding started from the
// /device offboard modal, through the real Bolt app over signed HTTP and the real offboarding workflow, finds the
// leaving person's manager in MANAGER_MAPPING_FILE exactly as a replacement does: the plan does not say "no
// manager", and the manager is told. Before the fix the offboarding read only Person.managerId and said
// "上長が登録されていません" for a person the file names.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { DIALECTS } from '../../support/databases';
import { FakeSlackServer } from '../../support/fake-slack/fake-slack-server';
import { stateOf } from '../../support/fake-slack/signed-client';
import { offboardingTest } from '../decisions/support';
import { USERS, waitFor } from '../harness';

const dir = mkdtempSync(join(tmpdir(), 'manager-mapping-'));
const mappingFile = join(dir, 'managers.csv');
writeFileSync(mappingFile, 'employee,manager\nemma@example.com,boss@example.com\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(DIALECTS)('offboarding finds the manager the replacement finds (%s)', (dialect) => {
  const it = offboardingTest(dialect, { MANAGER_SOURCES: 'person,mapping', MANAGER_MAPPING_FILE: mappingFile });

  it('a manager named only in MANAGER_MAPPING_FILE is found for an offboarding started from the modal', async ({ h }) => {
    // Emma's manager is in the mapping file only, not in the directory
    await h.db.prisma.person.update({ where: { slackUserId: USERS.employee }, data: { managerId: null } });
    expect((await h.send.command(USERS.helpdesk, 'offboard')).status).toBe(200);
    const open = await waitFor(() => h.slack.callsTo('views.open')[0]);
    const view = h.slack.views.get(open.response.view.id as string)!;
    const res = await h.send.viewSubmission(USERS.helpdesk, view, {
      subject: { 'offboard.subject': stateOf.user(USERS.employee) },
      lastDay: { lastDay: stateOf.date('2026-12-31') },
      wipe: { wipe: stateOf.radio('keep') },
      options: { options: stateOf.checkboxes([]) },
      afterwards: { afterwards: stateOf.select('return_to_stock') },
      handOver: { handOver: stateOf.user(null) },
    });
    expect(res.status).toBe(200);
    const gathered = await waitFor(async () => {
      await h.settle();
      return h.db.prisma.workflowStep.findFirst({ where: { key: 'gather', status: 'succeeded', workflow: { kind: 'offboarding' } } });
    }, 20_000);
    const output = JSON.parse(gathered.outputJson!) as { facts: { person: { managerSlackId: string | null } }; plan: { warnings: { code: string }[] } };
    expect(output.facts.person.managerSlackId).toBe(USERS.bigBoss);
    expect(output.plan.warnings.map((w) => w.code)).not.toContain('noManager');
    // the manager is told, as the plan promises
    const told = await waitFor(async () => {
      await h.chat.outbox.drain();
      return h.slack.dms(USERS.bigBoss)[0];
    }, 10_000);
    expect(FakeSlackServer.textOf(told)).toContain('Emma');
  });
});
