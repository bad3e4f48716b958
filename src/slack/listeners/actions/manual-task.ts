// Done / Failed on a guided (manual) task (manualTask.confirm: the helpdesk, checked by the middleware it is
// registered behind); the first click decides and the buttons go away.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { t } from '../../../i18n';
import { confirmManualTask } from '../../decisions/manual-tasks';
import { ACTIONS } from '../../ids';
import { renderManualTaskOutcome } from '../../render/manual-task';
import { mention } from '../../render/text';
import type { SlackRuntime } from '../../runtime';
import { tellPresser } from './reply';

export const manualTask =
  (rt: SlackRuntime) =>
  async ({ ack, body, action, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const user = body.user.id;
    const taskId = action.value ?? '';
    const outcome = action.action_id === ACTIONS.manualTask.done ? 'done' : 'failed';
    const won = await confirmManualTask(rt, taskId, user, outcome);
    const task = await rt.db.manualTask.findUnique({ where: { id: taskId } });
    if (!task) return;
    if (!won) return void (await tellPresser(respond, t(await rt.locales.forUser(user), 'slack.manual.already', { who: mention(task.decidedBy) })));
    const rendered = renderManualTaskOutcome(rt.threads.channelLocale, task, rt.config.TIME_ZONE);
    const channel = task.slackChannel ?? body.container?.channel_id;
    const ts = task.slackMessageTs ?? body.container?.message_ts;
    if (channel && ts)
      await rt.outbox.enqueue({ kind: 'update', channel, workflowId: task.workflowId, coalesceKey: `manual:${task.id}`, payload: { ...rendered, ts } });
  };
