// Bolt listener middleware in front of a button or a modal: it asks the one authorization model
// (../../access/check.ts) whether the presser may do `permission` on what the button names, lets them through
// (next()) or answers with the reason in their language — the refusal audited once, nothing else happening — so
// the handler behind it holds no permission check. It calls next() without acknowledging: the handler
// acknowledges, as Bolt allows only one ack per request.
import type { AllMiddlewareArgs, BlockAction, BlockButtonAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Permission } from '../../../domain/authorization';
import { checkAccess, type AccessRequest } from '../../access/check';
import type { SlackRuntime } from '../../runtime';
import { tellPresser } from '../actions/reply';

/** What a button names (ids to look up); undefined members: not about a workflow. */
export type Target = Pick<AccessRequest, 'workflowId' | 'approvalId' | 'stepKey'>;

/** A button: a refused presser gets an ephemeral answer only they see. */
export const authorizedAction =
  (rt: SlackRuntime, permission: Permission, target: (value: string | undefined) => Target | Promise<Target> = () => ({})) =>
  async ({ ack, body, action, respond, next }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs): Promise<void> => {
    const button = action as BlockButtonAction['actions'][number];
    const access = await checkAccess(rt, { user: body.user.id, permission, surface: button.action_id, ...(await target(button.value)) });
    if (access.allowed) return next();
    await ack();
    await tellPresser(respond, access.text);
  };

/** A modal: a refused submitter sees the reason on the input block `blockId` and the modal stays open. */
export const authorizedView =
  (rt: SlackRuntime, permission: Permission, blockId: string) =>
  async ({ ack, body, view, next }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const access = await checkAccess(rt, { user: body.user.id, permission, surface: view.callback_id });
    if (access.allowed) return next();
    await ack({ response_action: 'errors', errors: { [blockId]: access.text } });
  };
