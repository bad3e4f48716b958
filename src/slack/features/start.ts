// Starting a workflow from Slack, after the modal was acknowledged: the people rows, the manager (written to
// Person.managerId where the workflow reads it), the engine start with an idempotency key (the modal's view id:
// a double submit or a retried delivery returns the first workflow), then the thread and the requester's DM.
import type { JsonObject } from '../../engine/types';
import { t } from '../../i18n';
import { ensurePerson } from '../people/directory';
import { errorLead, failureMessage } from '../render/error-lead';
import type { SlackRuntime } from '../runtime';

export async function startFromSlack(
  rt: SlackRuntime,
  request: { kind: 'replacement' | 'offboarding'; input: JsonObject; userId: string; subjectSlackId: string | null; idempotencyKey: string },
  /** runs after the workflow started, before its thread is posted (a bulk run records its workflows here) */
  onStarted?: (workflowId: string) => Promise<void>,
): Promise<{ workflowId: string; created: boolean } | null> {
  const { userId } = request;
  try {
    const requester = await ensurePerson(rt, userId);
    const subject = request.subjectSlackId ? await ensurePerson(rt, request.subjectSlackId) : null;
    // One way to find a person's manager for every workflow (MANAGER_SOURCES: the directory, MANAGER_MAPPING_FILE,
    // the Slack profile when trusted): resolved here, written where the workflow's facts read it (issue 13, item 20).
    if (request.subjectSlackId) await rt.managers.managerOf(request.subjectSlackId);
    const { workflow, created } = await rt.engine.startWorkflow({
      kind: request.kind,
      input: request.input,
      requestedById: requester.id,
      subjectPersonId: subject?.id ?? null,
      idempotencyKey: request.idempotencyKey,
      slackChannel: rt.config.SLACK_HELPDESK_CHANNEL ?? null,
      actor: userId,
    });
    await onStarted?.(workflow.id);
    // posts the parent message and DMs the requester (once, whichever delivery gets here first)
    await rt.threads.ensure(workflow.id);
    return { workflowId: workflow.id, created };
  } catch (error) {
    rt.logger.error('could not start the workflow', { kind: request.kind, error });
    const locale = await rt.locales.forUser(userId);
    const payload = failureMessage(locale, t(locale, 'slack.start.failed', { error: errorLead(locale, error) }), error);
    await rt.outbox.enqueue({ kind: 'dm', channel: userId, payload });
    return null;
  }
}

/**
 * After a modal's submission was acknowledged: starts its workflow in the background queue, with the view id as
 * the idempotency key (a double submit or a retried delivery of the same modal starts one workflow).
 */
export function startFromModal(
  rt: SlackRuntime,
  viewId: string,
  request: { kind: 'replacement' | 'offboarding'; input: object; userId: string; subjectSlackId: string | null },
): Promise<unknown> {
  return rt.background.run(() => startFromSlack(rt, { ...request, input: request.input as JsonObject, idempotencyKey: `slack-view:${viewId}` }));
}
