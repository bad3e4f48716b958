// App Home's "Waiting for my decision" through the real Bolt app on both databases: found by the decider index
// (src/slack/decisions/decider-index.ts), written when the approval is requested and when an escalation widens
// it; a decided approval leaves it. And the migration's backfill of the index for approvals recorded before it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { t } from '../../../src/i18n';
import { DIALECTS } from '../../support/databases';
import { FakeSlackServer } from '../../support/fake-slack/fake-slack-server';
import { startRequest } from '../flows';
import { harnessTest, USERS, waitFor, type Harness } from '../harness';

/** A catalogue text in either language (the people of the harness do not all read English). */
const either = (key: string) => [t('en', key), t('ja', key)];
const NOTHING = 'Nothing here.';

/** The text of the Home section under "Waiting for my decision", as `user` sees it now (in English). */
async function waitingForMe(h: Harness, user: string): Promise<string> {
  const before = h.slack.callsTo('views.publish').length;
  await h.send.event(
    { type: 'app_home_opened', user, channel: 'D0HOME', tab: 'home', event_ts: `${Date.now() / 1000}` },
    { eventId: `Ev${Date.now()}${user}` },
  );
  await waitFor(() => h.slack.callsTo('views.publish').length > before);
  const blocks = h.slack.homes.get(user)!.blocks as { type: string }[];
  const heading = blocks.findIndex((b) => either('slack.home.myApprovals').some((x) => FakeSlackServer.textOf({ blocks: [b] }).includes(x)));
  expect(heading).toBeGreaterThan(-1);
  const section = FakeSlackServer.textOf({ blocks: [blocks[heading + 1]!] });
  return either('slack.home.none').includes(section.trim()) ? NOTHING : section;
}

/** The backfill statement of the migration that created the index (its last statement). */
function backfillSql(dialect: string): string {
  const sql = readFileSync(join(__dirname, '../../../prisma/migrations', dialect, '20261130173200_lookup_indexes/migration.sql'), 'utf8');
  return sql.slice(sql.indexOf('INSERT INTO "ApprovalDecider"'));
}

describe.each(DIALECTS)('App Home approvals on %s', (dialect) => {
  const it = harnessTest(dialect);

  it("lists a pending approval for its deciders only, the escalation's too, and no longer once decided", async ({ h }) => {
    const wf = await startRequest(h);
    const approval = (await h.db.prisma.approval.findFirst({ where: { workflowId: wf.id } }))!;
    expect(await h.db.prisma.approvalDecider.findMany({ where: { approvalId: approval.id }, select: { slackUserId: true } })).toEqual([
      { slackUserId: USERS.manager },
    ]);
    expect(await waitingForMe(h, USERS.manager)).not.toContain(NOTHING);
    expect(await waitingForMe(h, USERS.bigBoss)).toContain(NOTHING);
    expect(await waitingForMe(h, USERS.employee)).toContain(NOTHING);

    // escalated to the manager's manager (escalation.ts): indexed with the widened deciders
    await h.db.prisma.approval.update({ where: { id: approval.id }, data: { createdAt: new Date(Date.now() - (24 * 60 + 1) * 60_000) } });
    for (let i = 0; i < 3 && !(await h.db.prisma.approvalDecider.count({ where: { slackUserId: USERS.bigBoss } })); i++) await h.bot.housekeeping();
    expect(await waitingForMe(h, USERS.bigBoss)).not.toContain(NOTHING);

    await h.db.prisma.approval.update({ where: { id: approval.id }, data: { status: 'approved', decidedBy: USERS.manager, decidedAt: new Date() } });
    expect(await waitingForMe(h, USERS.manager)).toContain(NOTHING);
  });

  it('the migration indexes the deciders of approvals recorded before it (a malformed list indexes nobody)', async ({ h }) => {
    const wf = await h.db.prisma.workflow.create({ data: { kind: 'replacement', title: 'old' } });
    const ids = ['U0ONE', 'U0TWO', 'U0ONE'];
    const a = await h.db.prisma.approval.create({ data: { workflowId: wf.id, stepKey: 'approve', approverIdsJson: JSON.stringify(ids) } });
    await h.db.prisma.approval.create({ data: { workflowId: wf.id, stepKey: 'broken', approverIdsJson: '{"not":"a list"}' } });
    await h.db.prisma.approval.create({ data: { workflowId: wf.id, stepKey: 'numbers', approverIdsJson: '[1, null]' } });
    await h.db.prisma.$executeRawUnsafe(backfillSql(dialect));
    const rows = await h.db.prisma.approvalDecider.findMany({ orderBy: { slackUserId: 'asc' } });
    expect(rows).toEqual([
      { approvalId: a.id, slackUserId: 'U0ONE' },
      { approvalId: a.id, slackUserId: 'U0TWO' },
    ]);
  });
});
