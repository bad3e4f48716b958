// Step "summary": what was done, when and by whom, and what is left for a human (wipe before disposal, send to
// repair, report the loss, …), in the thread and to the person. Built from the steps' recorded outputs only.
import type { StepResult } from '../../../engine/types';
import type { Text } from '../../../ports/chat';
import type { PlanDecisions } from '../plan';
import { formatDateTime } from '../../../i18n/time';
import { tell, type Ctx } from '../../shared/step-toolkit';

type Out = Record<string, unknown> | undefined;

export async function summarize(ctx: Ctx): Promise<StepResult> {
  const tz = ctx.services.config.TIME_ZONE;
  const decisions = ctx.workflow.state.decisions as unknown as PlanDecisions | undefined;
  const planned = (ctx.workflow.state.plannedSteps as string[] | undefined) ?? [];
  const input = ctx.workflow.input as { subjectSlackId: string; requesterSlackId?: string; reason: string; newSerial?: string };
  const out = (key: string) => ctx.outputs[key] as Out;
  const when = (o: Out) => (typeof o?.at === 'string' ? formatDateTime(new Date(o.at), tz) : '-');
  const items: Text[] = [];

  const approve = out('approve');
  if (approve) items.push({ key: 'replacement.summary.approved', params: { by: String(approve.by), at: when(approve) } });
  else if (decisions?.approval.mode === 'skipped') items.push({ key: 'replacement.summary.approvalSkipped' });
  for (const key of ['confirm-second-helpdesk', 'confirm-android', 'confirm-reassign', 'backup-first']) {
    const o = out(key);
    if (o) items.push({ key: `replacement.summary.${key}.${o.confirmed ? 'yes' : 'no'}`, params: { by: String(o.by), at: when(o) } });
  }
  const lost = out('lost-mode');
  if (lost) items.push({ key: `replacement.summary.lostMode.${String(lost.choice)}`, params: { by: String(lost.by), at: when(lost) } });
  const release = out('release-license');
  if (release) {
    items.push({
      key: release.wiped ? 'replacement.summary.wipedAndReleased' : 'replacement.summary.released',
      params: { at: when(release), free: release.freeAfter === null ? '?' : Number(release.freeAfter) },
    });
  }
  const abmNew = out('abm-new');
  if (abmNew)
    items.push({
      key: abmNew.assignedByUs ? 'replacement.summary.abmAssigned' : 'replacement.summary.abmAlreadyAssigned',
      params: { serial: String(abmNew.serial), at: when(abmNew) },
    });
  const abmOld = out('abm-old');
  if (abmOld) items.push({ key: `replacement.summary.abmOld.${String(abmOld.how)}`, params: { serial: String(abmOld.serial), at: when(abmOld) } });
  const instr = out('instructions');
  if (instr) items.push({ key: 'replacement.summary.instructions', params: { to: String(instr.to), at: when(instr) } });
  const enrolled = out('await-enrollment');
  if (enrolled) {
    items.push(
      enrolled.manual
        ? { key: 'replacement.summary.enrolledManual', params: { by: String(enrolled.by), at: when(enrolled) } }
        : { key: 'replacement.summary.enrolled', params: { serial: String(enrolled.serial ?? input.newSerial ?? '?'), at: when(enrolled) } },
    );
  }
  const ledger = out('ledger');
  if (ledger) items.push({ key: 'replacement.summary.ledger', params: { at: when(ledger) } });

  const leftovers = leftoversFor(decisions, out, planned, input.reason);
  // one post: what was done, then what is left for a person
  await ctx.services.chat.postToThread(ctx.workflow.id, {
    kind: 'success',
    text: { key: 'replacement.summary.title', params: { subject: input.subjectSlackId } },
    items,
    ...(leftovers.length > 0 ? { sections: [{ kind: 'warning' as const, text: { key: 'replacement.summary.leftovers' }, items: leftovers }] } : {}),
  });
  // The requester hears "complete" from the Slack layer when the workflow really ends; the person whose phone it
  // was, when someone else asked, hears it here — one completion message each.
  if (input.subjectSlackId !== input.requesterSlackId) await tell(ctx, input.subjectSlackId, { kind: 'success', text: { key: 'replacement.dm.done' } });
  return { status: 'done', output: { items: items.map((i) => i.key), leftovers: leftovers.map((l) => l.key), at: ctx.now.toISOString() } };
}

function leftoversFor(d: PlanDecisions | undefined, out: (key: string) => Out, planned: string[], reason: string): Text[] {
  const list: Text[] = [];
  // A planned step without an output was skipped by an operator: say so, it may have left something undone.
  for (const key of planned)
    if (key !== 'announce' && key !== 'approve' && !out(key)) list.push({ key: 'replacement.leftover.stepSkipped', params: { step: key } });
  if (!d) return list;
  const wiped = Boolean(out('release-license')?.wiped);
  if ((d.disposition === 'retired' || d.disposition === 'disposed') && !wiped) list.push({ key: 'replacement.leftover.wipeBeforeDisposal' });
  if (d.disposition === 'in_stock' && !wiped && d.oldPlatform === 'apple') list.push({ key: 'replacement.leftover.wipeBeforeReuse' });
  if (d.disposition === 'repair') list.push({ key: 'replacement.leftover.sendToRepair' });
  if (reason === 'lost' || reason === 'stolen') list.push({ key: 'replacement.leftover.reportLoss' });
  if (d.release === 'delete_unwiped' && !wiped) list.push({ key: 'replacement.leftover.notWiped' });
  const backupFirst = out('backup-first');
  if (d.backup === 'missing' || (backupFirst && backupFirst.confirmed === false)) list.push({ key: 'replacement.leftover.noBackup' });
  if (d.backup === 'try_cloud') list.push({ key: 'replacement.leftover.checkCloudRestore' });
  if (d.newAbm === 'not_in_abm') list.push({ key: 'replacement.leftover.addToAbm' });
  if (out('await-enrollment')?.manual) list.push({ key: 'replacement.leftover.verifyEnrollment' });
  return list;
}
