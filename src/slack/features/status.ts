// /device status [workflow id | @person | serial]: each matching workflow's state and its thread link — only the
// workflows the user may see (status.view: their own as requester, subject or decider; the helpdesk sees all).
// Hidden ones are said to be hidden (not counted) and audited once per look-up.
import { workflowTitle } from '../render/workflow-title';
import type { KnownBlock } from '@slack/types';
import { authorize, rolesOf } from '../../domain/authorization';
import { t, type Locale } from '../../i18n';
import { refuse, refusalText } from '../access/check';
import { directoryOf, loadWorkflowRecord, partiesOf, rolesWithoutWorkflow } from '../access/roles';
import { context, section } from '../blocks/kit';
import { escapeMrkdwn, fitBlocks, LIMITS } from '../blocks/limits';
import { WORKFLOW_ICON, STEP_ICON } from '../render/text';
import { checkText } from '../../text';
import { textProblem } from '../render/text-problem';
import type { SlackRuntime } from '../runtime';
import type { Workflow } from '../../generated/sqlite/client';
import { serialKey } from '../../engine/serial-index';

export function parseTarget(
  arg: string,
): { kind: 'user'; id: string } | { kind: 'workflow'; id: string } | { kind: 'serial'; value: string } | { kind: 'none' } {
  const a = arg.trim();
  if (!a) return { kind: 'none' };
  const mention = /^<@([UW][A-Z0-9]+)(\|[^>]*)?>$/.exec(a);
  if (mention?.[1]) return { kind: 'user', id: mention[1] };
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(a) || /^c[a-z0-9]{20,}$/.test(a)) return { kind: 'workflow', id: a };
  return { kind: 'serial', value: a };
}

export async function statusBlocks(rt: SlackRuntime, locale: Locale, userId: string, raw: string): Promise<{ text: string; blocks: KnownBlock[] }> {
  // cleaned and limited like every free text (src/text): it is searched for, audited and echoed
  const checked = checkText(raw, 'query');
  if (!checked.ok) {
    const text = textProblem(locale, checked) ?? '';
    return { text, blocks: [section(text)] };
  }
  const arg = checked.value;
  const target = parseTarget(arg);
  const found = await findWorkflows(rt, userId, target);
  // status.view: the user's own workflows (requester, subject, a decider) or, for the helpdesk, all of them
  const visible = await visibleTo(rt, userId, found);
  const hidden = found.length - visible.length;
  if (hidden > 0) {
    const roles = await rolesWithoutWorkflow(rt, userId);
    // one audit row for the look-up, naming the workflow when one id was asked for
    await refuse(rt, {
      user: userId,
      permission: 'status.view',
      surface: '/device status',
      why: 'role',
      roles,
      workflowId: target.kind === 'workflow' ? target.id : null,
      detail: { query: arg.trim(), hidden },
    });
    if (target.kind === 'workflow') {
      const text = refusalText(locale, 'status.view', 'role');
      return { text, blocks: [section(text)] };
    }
  }
  const rows = visible;
  if (!rows.length) {
    const text = t(locale, 'slack.status.none', { query: escapeMrkdwn(arg.trim() || '—') });
    return { text, blocks: [section(text), ...(hidden > 0 ? [context(t(locale, 'authz.status.hidden'))] : [])] };
  }
  const blocks: KnownBlock[] = [];
  for (const wf of rows) {
    const steps = await rt.db.workflowStep.findMany({ where: { workflowId: wf.id }, orderBy: { position: 'asc' } });
    const current = steps.find((s) => ['running', 'waiting', 'failed', 'pending'].includes(s.status));
    const link = wf.slackChannel && wf.slackThreadTs ? await rt.threads.permalink({ channel: wf.slackChannel, ts: wf.slackThreadTs }) : null;
    const line = [
      `${WORKFLOW_ICON[wf.status] ?? ''} *${workflowTitle(locale, wf, 'mrkdwn')}* — ${t(locale, `slack.status.${wf.status}`)}`,
      current ? `${STEP_ICON[current.status] ?? ''} ${escapeMrkdwn(t(locale, current.title))}` : '',
      link ? `<${link}|${t(locale, 'slack.status.openThread')}>` : '',
    ].filter(Boolean);
    blocks.push(section(line.join('\n')), context(`\`${wf.id}\``));
  }
  if (hidden > 0) blocks.push(context(t(locale, 'authz.status.hidden')));
  return {
    text: t(locale, 'slack.status.heading', { count: rows.length }),
    blocks: fitBlocks(blocks, LIMITS.messageBlocks, (n) => t(locale, 'slack.more', { count: n })),
  };
}

/** The workflows `userId` may see (status.view), from the roles the database gives them on each. */
async function visibleTo(rt: SlackRuntime, userId: string, rows: Workflow[]): Promise<Workflow[]> {
  const directory = await directoryOf(rt);
  const out: Workflow[] = [];
  for (const wf of rows) {
    const record = await loadWorkflowRecord(rt, wf.id);
    if (record && authorize('status.view', rolesOf(userId, directory, partiesOf(record))).allowed) out.push(wf);
  }
  return out;
}

async function findWorkflows(rt: SlackRuntime, userId: string, target: ReturnType<typeof parseTarget>): Promise<Workflow[]> {
  const db = rt.db;
  let rows: Workflow[] = [];
  if (target.kind === 'workflow') rows = await db.workflow.findMany({ where: { id: target.id } });
  else if (target.kind === 'user' || target.kind === 'none') {
    const id = target.kind === 'user' ? target.id : userId;
    const person = await db.person.findUnique({ where: { slackUserId: id } });
    rows = person
      ? await db.workflow.findMany({ where: { OR: [{ requestedById: person.id }, { subjectPersonId: person.id }] }, orderBy: { createdAt: 'desc' }, take: 20 })
      : [];
  } else {
    // the serial index (src/engine/serial-index.ts), normalised as the engine stored it: "abc123", "ＡＢＣ１２３"
    // and " ABC123 " find the same workflows. Read from the index's side: a filter on Workflow (serials: { some })
    // becomes a correlated EXISTS that scans every workflow (bench/retention.ts)
    const serial = serialKey(target.value);
    const hits = serial
      ? await db.workflowSerial.findMany({ where: { serial }, include: { workflow: true }, orderBy: { workflow: { createdAt: 'desc' } }, take: 20 })
      : [];
    rows = hits.map((hit) => hit.workflow);
  }
  return rows;
}
