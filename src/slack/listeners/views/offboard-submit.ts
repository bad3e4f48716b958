// The offboard modal submitted (offboarding.start: the helpdesk, checked by the middleware it is registered
// behind): the form checked, the per-device choices checked against the server's own device list
// (features/offboard-verify.ts), acknowledged, then the workflow starts once per modal. An empty "Run at" means
// the last working day at OFFBOARDING_RUN_TIME, as on the command line.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { defaultRunAt, isoUtc, parseOffboardSubmission, type OffboardMeta } from '../../features/offboard';
import { verifyOffboardDevices } from '../../features/offboard-verify';
import { startFromModal } from '../../features/start';
import type { SlackRuntime } from '../../runtime';

export const offboardSubmit =
  (rt: SlackRuntime) =>
  async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const user = body.user.id;
    const locale = await rt.locales.forUser(user);
    let stored: OffboardMeta = { r: user };
    try {
      stored = JSON.parse(view.private_metadata || '{}') as OffboardMeta;
    } catch {
      stored = { r: user };
    }
    // the submitter is the requester, whatever the metadata says
    const meta: OffboardMeta = { ...stored, r: user };
    const parsed = parseOffboardSubmission(locale, view.state.values as never, meta, isoUtc, (day) => defaultRunAt(day, rt.config));
    if (!parsed.ok) return void (await ack({ response_action: 'errors', errors: parsed.errors }));
    const verified = await verifyOffboardDevices(rt, user, parsed.input, meta, locale);
    if (!verified.ok) return void (await ack({ response_action: 'errors', errors: verified.errors }));
    await ack();
    await startFromModal(rt, view.id, { kind: 'offboarding', input: verified.input, userId: user, subjectSlackId: verified.input.subject.slackUserId ?? null });
  };
