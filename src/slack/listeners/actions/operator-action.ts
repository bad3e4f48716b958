// An operator action on a failed step's message (Retry, Cancel workflow): one listener around a different engine
// call. It reads the step from the button, asks the engine, and either tells the presser why it is not possible
// (e.g. a second press finds the step no longer failed) or replaces the buttons with the outcome. Helpdesk only:
// registered behind listeners/middleware/helpdesk-only.ts. (Skip asks a reason first: ./step-skip.ts.)
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { errorMessage } from '../../../errors';
import { t } from '../../../i18n';
import { escapeMrkdwn } from '../../blocks/limits';
import { replaceFailedButtons, stepRef, type StepRef } from '../../features/failed-step';
import type { SlackRuntime } from '../../runtime';
import { tellPresser } from './reply';

export const operatorAction = (rt: SlackRuntime, outcome: 'retried' | 'cancelled', operate: (ref: StepRef, user: string) => Promise<unknown>) =>
  async ({ ack, body, action, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const user = body.user.id;
    const ref = stepRef(action.value);
    if (!ref) return;
    try {
      await operate(ref, user);
    } catch (error) {
      const locale = await rt.locales.forUser(user);
      return void (await tellPresser(respond, t(locale, 'slack.operator.notPossible', { error: escapeMrkdwn(errorMessage(error)) })));
    }
    await replaceFailedButtons(rt, body, ref, outcome, user);
  };
