// Button and select listeners, one file each; the action_ids come from ../../ids.ts. Buttons whose permission
// depends only on who presses and what the button names are registered behind the authorization middleware
// (../middleware/authorized.ts), so their handlers hold no permission check; the others ask
// ../../access/check.ts themselves (a decision's deciders, a modal's person picker, the App Home).
import type { App } from '@slack/bolt';
import { stepRef } from '../../features/failed-step';
import { ACTIONS } from '../../ids';
import { workflowRef } from '../../render/workflow';
import type { SlackRuntime } from '../../runtime';
import { authorizedAction, type Target } from '../middleware/authorized';
import { decisionApprove } from './decision-approve';
import { decisionReject } from './decision-reject';
import { homeStart } from './home-start';
import { manualTask } from './manual-task';
import { offboardSubjectChanged, replaceSubjectChanged } from './modal-subject';
import { stepRetry } from './step-retry';
import { stepSkip } from './step-skip';
import { workflowCancel } from './workflow-cancel';

/** A failed step's button names {w, s}; an unreadable value names nothing that exists. */
const stepTarget = (value: string | undefined): Target => {
  const ref = stepRef(value);
  return ref ? { workflowId: ref.w, stepKey: ref.s } : { workflowId: '' };
};

export function registerActions(app: App, rt: SlackRuntime): void {
  const taskTarget = async (value: string | undefined): Promise<Target> => {
    const task = await rt.db.manualTask.findUnique({ where: { id: value ?? '' }, select: { workflowId: true } });
    return !task ? { workflowId: '' } : task.workflowId ? { workflowId: task.workflowId } : {};
  };
  app.action(ACTIONS.decision.approve, decisionApprove(rt));
  app.action(ACTIONS.decision.confirm, decisionApprove(rt));
  app.action(ACTIONS.decision.reject, decisionReject(rt));
  app.action(ACTIONS.decision.fail, decisionReject(rt));
  app.action(ACTIONS.failedStep.retry, authorizedAction(rt, 'step.retry', stepTarget), stepRetry(rt));
  app.action(ACTIONS.failedStep.skip, authorizedAction(rt, 'step.skip', stepTarget), stepSkip(rt));
  app.action(ACTIONS.failedStep.cancelWorkflow, authorizedAction(rt, 'workflow.cancel', stepTarget), workflowCancel(rt, 'failed-step'));
  app.action(
    ACTIONS.parent.cancel,
    authorizedAction(rt, 'workflow.cancel', (v) => ({ workflowId: workflowRef(v)?.w ?? '' })),
    workflowCancel(rt, 'parent'),
  );
  app.action(ACTIONS.manualTask.done, authorizedAction(rt, 'manualTask.confirm', taskTarget), manualTask(rt));
  app.action(ACTIONS.manualTask.failed, authorizedAction(rt, 'manualTask.confirm', taskTarget), manualTask(rt));
  app.action(ACTIONS.modalSubject.replace, replaceSubjectChanged(rt));
  app.action(ACTIONS.modalSubject.offboard, offboardSubjectChanged(rt));
  app.action(ACTIONS.home.replace, homeStart(rt));
  app.action(ACTIONS.home.offboard, homeStart(rt));
}
