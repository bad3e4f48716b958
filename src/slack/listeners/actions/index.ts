import type { App } from '@slack/bolt';
import { DECISION_ACTIONS } from '../../render/decision';
import { MANUAL_ACTIONS } from '../../manual-tasks';
import { OFFBOARD_SUBJECT_ACTION } from '../../features/offboard';
import { REPLACE_SUBJECT_ACTION } from '../../features/replace';
import type { SlackRuntime } from '../../runtime';
import { decisionApprove } from './decision-approve';
import { decisionReject } from './decision-reject';
import { homeStart } from './home-start';
import { manualTask } from './manual-task';
import { offboardSubjectChanged, replaceSubjectChanged } from './modal-subject';
import { stepRetry } from './step-retry';
import { stepSkip } from './step-skip';
import { workflowCancel } from './workflow-cancel';

export function registerActions(app: App, rt: SlackRuntime): void {
  app.action(DECISION_ACTIONS.approve, decisionApprove(rt));
  app.action(DECISION_ACTIONS.confirm, decisionApprove(rt));
  app.action(DECISION_ACTIONS.reject, decisionReject(rt));
  app.action(DECISION_ACTIONS.fail, decisionReject(rt));
  app.action('step.retry', stepRetry(rt));
  app.action('step.skip', stepSkip(rt));
  app.action('workflow.cancel', workflowCancel(rt));
  app.action(MANUAL_ACTIONS.done, manualTask(rt));
  app.action(MANUAL_ACTIONS.failed, manualTask(rt));
  app.action(REPLACE_SUBJECT_ACTION, replaceSubjectChanged(rt));
  app.action(OFFBOARD_SUBJECT_ACTION, offboardSubjectChanged(rt));
  app.action(/^home\.(replace|offboard)$/, homeStart(rt));
}
