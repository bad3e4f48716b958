// Step "confirm": a question a helpdesk member answers in the thread before an irreversible step of one device —
// "has the data moved?" before an Android Enterprise record is deleted (the deletion wipes the phone), "is Find My
// off?" before an iPhone is wiped whose Activation Lock the MDM cannot bypass. A decision step: never skipped.
// "Done" lets the chain go on; "Failed" stops it, nothing touched.
import { PermanentError } from '../../../errors';
import type { StepAction, StepResult } from '../../../engine/types';
import type { Services } from '../../../ports/services';
import { acceptedDecision, nobodyCanDecide } from '../../shared/decisions';
import { helpdeskIds } from '../../shared/device-facts';
import { askDecision, note, stringField, type Ctx } from '../../shared/step-toolkit';
import { deviceLabel } from './device';

export const CONFIRM_QUESTIONS = ['dataMoved', 'findMyOff'] as const;

export const confirm: StepAction<Services> = async (ctx: Ctx): Promise<StepResult> => {
  const question = stringField(ctx.step.input, 'question') ?? 'dataMoved';
  const helpdesk = await helpdeskIds(ctx.services);
  const device = deviceLabel(ctx);
  const decision = await acceptedDecision(ctx, 'confirmation', helpdesk);
  if (decision?.decision === 'rejected') {
    await note(ctx, 'error', `offboarding.confirm.${question}.refused`, { device, by: decision.by });
    throw new PermanentError(`${device}: ${decision.by} answered no to "${question}"${decision.reason ? ` (${decision.reason})` : ''}; nothing was changed`);
  }
  if (decision) return { status: 'done', output: { question, confirmedBy: decision.by } };
  if (helpdesk.length === 0) return nobodyCanDecide(ctx, 'confirmation', 'HELPDESK_USER_IDS');
  await askDecision(ctx, { kind: 'confirmation', deciders: helpdesk, summary: { key: `offboarding.confirm.${question}.ask`, params: { device } } });
  return { status: 'wait', reason: 'decision', message: { key: `offboarding.confirm.${question}.wait`, params: { device } } };
};
