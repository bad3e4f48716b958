// The bulk offboarding modal submitted (behind the authorization middleware: offboarding.start): the file is
// named (else the modal says so), the modal is acknowledged at once with where the answer will appear, and the
// file is checked — and started, when asked and clean — in the background, once per modal however often Slack
// delivers the submission.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { bulkOffboardAcceptedView, readBulkSubmission } from '../../features/bulk-offboard';
import { reportBulkFailure, runBulkOffboard } from '../../features/bulk-offboard-run';
import type { SlackRuntime } from '../../runtime';
import { firstDelivery } from '../first-delivery';

export const bulkOffboardSubmit =
  (rt: SlackRuntime) =>
  async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const user = body.user.id;
    const locale = await rt.locales.forUser(user);
    const submitted = readBulkSubmission(locale, view.state.values as never);
    if (!submitted.ok) return void (await ack({ response_action: 'errors', errors: submitted.errors }));
    await ack({ response_action: 'update', view: bulkOffboardAcceptedView(locale, submitted.fileName, rt.config.SLACK_HELPDESK_CHANNEL) });
    if (!(await firstDelivery(rt, `bulk-offboard:${view.id}`))) return;
    const request = { userId: user, fileId: submitted.fileId, fileName: submitted.fileName, mode: submitted.mode };
    await rt.background.run(() => runBulkOffboard(rt, request).catch((error) => reportBulkFailure(rt, request, error)));
  };
