// issueOnce (issue-once.ts) for the two kinds of destructive vendor call step actions make: an MDM command on a
// device (wipe, delete, lost mode, retire …) and an ABM activity (assign, unassign, release). Each names what the
// intent row records and how the vendor is asked whether the call arrived.
import type { Json } from '../../../engine/types';
import type { AbmActivity, AbmActivityRequest, AbmPort } from '../../../ports/abm';
import type { CommandHandle, MdmAction, MdmPort } from '../../../ports/mdm';
import type { Ctx } from './context';
import { issueOnce, type Once } from './issue-once';
import { poll, type WaitResult } from './poll';

/** Sends `action` on the device once per round (`key`); a run that lost the answer asks mdm.findCommand. */
export function commandOnce(
  ctx: Ctx,
  mdm: MdmPort,
  call: { key: string; deviceId: string; action: MdmAction; send: (key: string) => Promise<CommandHandle> },
): Promise<Once<CommandHandle>> {
  const { key, deviceId, action, send } = call;
  return issueOnce(ctx, { key, source: mdm.source, device: deviceId, action, send, find: (since) => mdm.findCommand(deviceId, action, since) });
}

/** Starts the activity once per round (`key`); a run that lost the answer asks abm.findActivity. */
export function activityOnce(
  ctx: Ctx,
  abm: AbmPort,
  call: { key: string; request: AbmActivityRequest; send: (key: string) => Promise<AbmActivity> },
): Promise<Once<AbmActivity>> {
  const { key, request, send } = call;
  return issueOnce(ctx, {
    key,
    source: abm.source,
    device: request.serials.join(','),
    action: request.kind,
    send,
    find: async (since) => {
      const found = await abm.findActivity(request, since);
      return found.state === 'found' ? { state: 'found', handle: found.activity } : found;
    },
  });
}

/** The vendor cannot tell yet whether the lost call arrived: come back when issueOnce says, keeping `state`. */
export function waitForVendor(ctx: Ctx, once: Extract<Once<unknown>, { kind: 'wait' }>, state: unknown): WaitResult {
  return poll(ctx.now, Math.max(0, once.until.getTime() - ctx.now.getTime()), state as Json);
}
