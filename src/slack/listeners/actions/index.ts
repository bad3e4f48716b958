// Button and select listeners, one file each; the action_ids come from ../../ids.ts. Helpdesk-only buttons are
// registered behind the helpdesk-only middleware, so their handlers hold no permission check.
import type { App } from '@slack/bolt';
import { ACTIONS } from '../../ids';
import type { SlackRuntime } from '../../runtime';
import { helpdeskOnlyAction } from '../middleware/helpdesk-only';
import { decisionApprove } from './decision-approve';
import { decisionReject } from './decision-reject';
import { homeStart } from './home-start';
import { manualTask } from './manual-task';
import { offboardSubjectChanged, replaceSubjectChanged } from './modal-subject';
import { stepRetry } from './step-retry';
import { stepSkip } from './step-skip';
import { workflowCancel } from './workflow-cancel';

export function registerActions(app: App, rt: SlackRuntime): void {
  const helpdeskOnly = helpdeskOnlyAction(rt);
  app.action(ACTIONS.decision.approve, decisionApprove(rt));
  app.action(ACTIONS.decision.confirm, decisionApprove(rt));
  app.action(ACTIONS.decision.reject, decisionReject(rt));
  app.action(ACTIONS.decision.fail, decisionReject(rt));
  app.action(ACTIONS.failedStep.retry, helpdeskOnly, stepRetry(rt));
  app.action(ACTIONS.failedStep.skip, helpdeskOnly, stepSkip(rt));
  app.action(ACTIONS.failedStep.cancelWorkflow, helpdeskOnly, workflowCancel(rt));
  app.action(ACTIONS.manualTask.done, helpdeskOnly, manualTask(rt));
  app.action(ACTIONS.manualTask.failed, helpdeskOnly, manualTask(rt));
  app.action(ACTIONS.modalSubject.replace, replaceSubjectChanged(rt));
  app.action(ACTIONS.modalSubject.offboard, offboardSubjectChanged(rt));
  app.action(ACTIONS.home.replace, homeStart(rt));
  app.action(ACTIONS.home.offboard, homeStart(rt));
}
