// Step "announce": posts the plan (every step, in order) and every warning, in one message of the thread, before
// anything changes, so the helpdesk and the approver see exactly what will happen. The texts come from the same pure
// planner a dry run uses. A crash between two posts may repeat a message; it never skips one.
import type { StepResult } from '../../../engine/types';
import type { ThreadNote } from '../../../ports/chat';
import type { PlanWarning } from '../plan';
import { inputOf, tell, type Ctx } from '../../shared/step-toolkit';

interface AnnounceInput {
  warnings: PlanWarning[];
  requester: string;
  subject: string;
  reason: string;
  oldName: string;
  oldSerial: string;
  newSerial: string;
  steps: string[];
}

export async function announcePlan(ctx: Ctx): Promise<StepResult> {
  const input = inputOf<AnnounceInput>(ctx);
  const chat = ctx.services.chat;
  const wf = ctx.workflow.id;
  // Texts cannot nest catalogue keys, so the reason is part of the key (…title.lost) rather than a parameter.
  const params = { subject: input.subject, requester: input.requester, old: input.oldName, oldSerial: input.oldSerial, newSerial: input.newSerial };

  // One post: the plan, then each warning with what to do, then the notes (issue 15: the plan with its warnings is
  // one thing a person reads, not five replies).
  const serious = input.warnings.filter((w) => w.severity !== 'info');
  const sections: ThreadNote[] = serious.map((warning) => ({
    kind: warning.severity === 'error' ? 'error' : 'warning',
    text: warning.text,
    ...(warning.action ? { action: warning.action } : {}),
  }));
  const infos = input.warnings.filter((w) => w.severity === 'info');
  if (infos.length > 0) sections.push({ kind: 'info', text: { key: 'replacement.plan.notes' }, items: infos.map((w) => w.text) });
  await chat.postToThread(wf, {
    kind: serious.length > 0 ? 'warning' : 'info',
    text: { key: `replacement.plan.title.${input.reason}`, params },
    items: input.steps.map((key) => ({ key })),
    ...(sections.length ? { sections } : {}),
  });

  // The requester was told "received" by the Slack layer when the thread was made; the person whose phone it is
  // hears it here when someone else asked (one message each, issue 15).
  if (input.subject !== input.requester) {
    await tell(ctx, input.subject, { kind: 'info', text: { key: 'replacement.dm.requestedForYou', params } });
  }
  return { status: 'done', output: { posted: true, warnings: serious.map((w) => w.code), at: ctx.now.toISOString() } };
}
