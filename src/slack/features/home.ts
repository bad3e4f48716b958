// App Home: my open requests, approvals waiting for me, and for the helpdesk (who may see any workflow) every
// open workflow and every failed step, each with a link to its thread. Published with views.publish when the Home tab is opened and
// kept within the Home tab's 100 blocks.
import { workflowTitle } from '../render/workflow-title';
import type { KnownBlock, View } from '@slack/types';
import { t, type Locale } from '../../i18n';
import { actions, button, context, divider, header, section } from '../blocks/kit';
import { escapeMrkdwn, fitBlocks, LIMITS } from '../blocks/limits';
import { decidersOf } from '../decisions/approvals';
import { ACTIONS } from '../ids';
import { can } from '../access/check';
import { STEP_ICON, WORKFLOW_ICON } from '../render/text';
import type { SlackRuntime } from '../runtime';

const OPEN = ['pending', 'running', 'waiting', 'failed'];
const PER_SECTION = 10;

export async function homeView(rt: SlackRuntime, userId: string): Promise<View> {
  const locale = await rt.locales.forUser(userId);
  // the helpdesk's overview is everyone's workflows (status.view without being a party); the offboarding button is
  // for who may start one
  const seeAll = await can(rt, userId, 'status.view');
  const offboard = await can(rt, userId, 'offboarding.start');
  const db = rt.db;
  const person = await db.person.findUnique({ where: { slackUserId: userId } });
  const link = async (wf: { slackChannel: string | null; slackThreadTs: string | null }) =>
    wf.slackChannel && wf.slackThreadTs ? rt.threads.permalink({ channel: wf.slackChannel, ts: wf.slackThreadTs }) : null;
  const line = async (wf: {
    id: string;
    kind: string;
    title: string;
    inputJson: string;
    status: string;
    slackChannel: string | null;
    slackThreadTs: string | null;
  }) => {
    const url = await link(wf);
    const title = workflowTitle(locale, wf, url ? 'label' : 'mrkdwn');
    return `${WORKFLOW_ICON[wf.status] ?? ''} ${url ? `<${url}|${title}>` : title} — ${t(locale, `slack.status.${wf.status}`)}`;
  };

  const blocks: KnownBlock[] = [
    header(t(locale, 'slack.home.title')),
    actions('home-start', [
      button(t(locale, 'slack.home.newReplacement'), ACTIONS.home.replace, 'replace', 'primary'),
      ...(offboard ? [button(t(locale, 'slack.home.newOffboarding'), ACTIONS.home.offboard, 'offboard')] : []),
    ]),
    divider(),
    section(`*${t(locale, 'slack.home.myRequests')}*`),
  ];
  const mine = person
    ? await db.workflow.findMany({ where: { requestedById: person.id, status: { in: OPEN } }, orderBy: { createdAt: 'desc' }, take: PER_SECTION + 1 })
    : [];
  blocks.push(
    section(mine.length ? (await Promise.all(mine.slice(0, PER_SECTION).map(line))).join('\n') + more(locale, mine.length) : t(locale, 'slack.home.none')),
  );

  blocks.push(divider(), section(`*${t(locale, 'slack.home.myApprovals')}*`));
  const pending = await db.approval.findMany({
    // by the decider index (decisions/decider-index.ts); approverIdsJson stays the source of truth, checked below
    where: { status: 'pending', deciders: { some: { slackUserId: userId } } },
    include: { workflow: true },
    orderBy: { createdAt: 'asc' },
    take: 50,
  });
  const mineToDecide = pending.filter((a) => decidersOf(a).includes(userId));
  blocks.push(
    section(
      mineToDecide.length
        ? (await Promise.all(mineToDecide.slice(0, PER_SECTION).map((a) => line(a.workflow)))).join('\n') + more(locale, mineToDecide.length)
        : t(locale, 'slack.home.none'),
    ),
  );

  if (seeAll) {
    blocks.push(divider(), section(`*${t(locale, 'slack.home.openWorkflows')}*`));
    const open = await db.workflow.findMany({ where: { status: { in: OPEN } }, orderBy: { createdAt: 'desc' }, take: PER_SECTION + 1 });
    const total = await db.workflow.count({ where: { status: { in: OPEN } } });
    blocks.push(
      section(
        open.length ? (await Promise.all(open.slice(0, PER_SECTION).map(line))).join('\n') + more(locale, total, PER_SECTION) : t(locale, 'slack.home.none'),
      ),
    );

    blocks.push(divider(), section(`*${t(locale, 'slack.home.failedSteps')}*`));
    const failed = await db.workflowStep.findMany({
      where: { status: 'failed', workflow: { status: { notIn: ['cancelled', 'succeeded'] } } },
      include: { workflow: true },
      orderBy: { finishedAt: 'desc' },
      take: PER_SECTION + 1,
    });
    const failedLines = await Promise.all(
      failed.slice(0, PER_SECTION).map(async (s) => `${STEP_ICON.failed} ${escapeMrkdwn(t(locale, s.title))} — ${await line(s.workflow)}`),
    );
    blocks.push(section(failedLines.length ? failedLines.join('\n') + more(locale, failed.length) : t(locale, 'slack.home.none')));
  }
  blocks.push(context(t(locale, 'slack.home.footer')));
  return { type: 'home', blocks: fitBlocks(blocks, LIMITS.homeBlocks, (n) => t(locale, 'slack.more', { count: n })) };
}

function more(locale: Locale, count: number, shown = PER_SECTION): string {
  return count > shown ? `\n${t(locale, 'slack.more', { count: count - shown })}` : '';
}
