// Cancel a workflow (workflow.cancel: the helpdesk, or the requester of a replacement, until the first destructive
// step starts — checked by the middleware in front, and again by the engine inside the cancellation's own
// transaction, so a wipe that starts in between wins and the press is refused and audited). From the parent
// message (its value: {"w": workflow id}) or from a failed step's message ({"w", "s"}); both carry a confirm dialog.
import { DESTRUCTIVE_ACTIONS } from '../../../domain/authorization';
import { ConflictError } from '../../../errors';
import { refuseAfterCheck } from '../../access/check';
import { stepRef } from '../../features/failed-step';
import { workflowRef } from '../../render/workflow';
import type { SlackRuntime } from '../../runtime';
import { operatorAction } from './operator-action';

export const workflowCancel = (rt: SlackRuntime, from: 'parent' | 'failed-step') =>
  operatorAction(
    rt,
    'cancelled',
    (ref, user) =>
      // the audit's English line; the finished message says it in each reader's language (render/finished-reason.ts)
      rt.engine.cancel(ref.w, user, `cancelled by ${user}`, { unlessStarted: DESTRUCTIVE_ACTIONS }),
    {
      read: from === 'parent' ? workflowRef : stepRef,
      refusal: async (error, ref, user, actionId) =>
        error instanceof ConflictError && error.code === 'destructive_started'
          ? refuseAfterCheck(rt, { user, permission: 'workflow.cancel', surface: actionId, workflowId: ref.w }, 'destructive_started')
          : null,
    },
  );
