// An operator action (Retry a failed step, Cancel the workflow): one listener around a different engine call. It
// reads the ids from the button (only to look things up: the middleware in front of it already asked the
// authorization model), asks the engine, and either tells the presser why it is not possible (e.g. a second press
// finds the step no longer failed) or replaces a failed step's buttons with the outcome. (Skip asks a reason
// first: ./step-skip.ts.)
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { t } from '../../../i18n';
import { replaceFailedButtons, stepRef, type StepRef } from '../../features/failed-step';
import { errorDetail, errorLead } from '../../render/error-lead';
import type { SlackRuntime } from '../../runtime';
import { tellPresser } from './reply';

export interface OperatorOptions {
  /** the ids the button carries (default: a failed step's {w, s}) */
  read?: (value: string | undefined) => (Omit<StepRef, 's'> & { s?: string }) | null;
  /** a refusal the engine made (the sentence to show, already audited), or null for "not possible" */
  refusal?: (error: unknown, ref: { w: string; s?: string }, user: string, actionId: string) => Promise<string | null>;
}

export const operatorAction =
  (
    rt: SlackRuntime,
    outcome: 'retried' | 'cancelled',
    operate: (ref: { w: string; s?: string }, user: string) => Promise<unknown>,
    options: OperatorOptions = {},
  ) =>
  async ({ ack, body, action, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const user = body.user.id;
    const ref = (options.read ?? stepRef)(action.value);
    if (!ref) return;
    try {
      await operate(ref, user);
    } catch (error) {
      const refused = await options.refusal?.(error, ref, user, action.action_id);
      if (refused) return void (await tellPresser(respond, refused));
      const locale = await rt.locales.forUser(user);
      return void (await tellPresser(respond, t(locale, 'slack.operator.notPossible', { error: errorLead(locale, error) }), errorDetail(locale, error)));
    }
    if (ref.s) await replaceFailedButtons(rt, body, { w: ref.w, s: ref.s }, outcome, user);
  };
