// Step "release-license": frees the old device's MDM license before the new device is activated, because with
// zero free licenses activation stalls at Remote Management (DOMAIN.md). iOS: deleting the record does not wipe
// the phone. Lost/stolen: wipe first, then delete the greyed-out record. Android Enterprise: deleting wipes
// (the plan asked for a confirmation before this step). Done only when the MDM no longer lists the device AND
// at least one license is free (or the vendor does not expose counts) — never "the count went up": a greyed-out
// record already frees its seat at some vendors (CLOMO guide 4-1), and a step restarted after its delete went
// through measures a baseline that already includes the freed seat (issue 13, items 9 and 21). The new device
// needs a free seat, whoever freed it. The wipe and the deletion are each sent once per round (commandOnce): a
// run that lost an answer asks the MDM before sending again.
import { licenseReleased } from '../../../domain/license-release';
import type { StepResult } from '../../../engine/types';
import { NotFoundError, PermanentError } from '../../../errors';
import { formatDuration } from '../../../i18n/time';
import type { CommandHandle, MdmDevice, MdmPort } from '../../../ports/mdm';
import { mdmFor } from '../../../ports/services';
import {
  checkDeadline,
  commandOnce,
  deadlineAt,
  failureToThrow,
  inputOf,
  note,
  nullIfNotFound,
  poll,
  recordFailure,
  roundKey,
  settleIntent,
  stateOf,
  waitForVendor,
  type Ctx,
  type Deadline,
  type PollTiming,
  type Retryable,
} from '../../shared/step-toolkit';

interface ReleaseInput extends PollTiming {
  /** delete_unwiped: a lost/stolen device deleted now to free its license; lost mode, if on, stays on */
  method: 'delete' | 'wipe_then_delete' | 'delete_unwiped';
  mdmSource: string;
  deviceId: string;
  serial: string | null;
  name: string;
  freeBefore: number | null;
  /** false: the person still uses the old phone, its company apps stay (absent in steps planned before: true) */
  removeAutoInstalledApps?: boolean;
}

type Phase = 'wipe' | 'wiping' | 'delete' | 'deleting' | 'verify';

interface ReleaseState extends Retryable {
  phase: Phase;
  deadline: Deadline;
  /** free seats right before we acted (reported in the summary, never a condition); null when the vendor has no counts */
  freeBefore: number | null;
  licenseKnown: boolean;
  wipe: CommandHandle;
  del: CommandHandle;
  wiped: boolean;
}

export async function releaseLicense(ctx: Ctx): Promise<StepResult> {
  const input = inputOf<ReleaseInput>(ctx);
  const mdm = mdmFor(ctx.services, input.mdmSource);
  const params = { name: input.name, source: input.mdmSource };
  const s: Partial<ReleaseState> = { ...stateOf<ReleaseState>(ctx) };
  const { error, retried } = failureToThrow(ctx, s);
  if (error) throw new PermanentError(error, { system: input.mdmSource });
  if (retried) {
    // An operator's Retry after a failed command: send it again (a new round, so a new idempotency key).
    if (s.phase === 'wiping') s.phase = 'wipe';
    if (s.phase === 'deleting') s.phase = 'delete';
  }

  if (!s.phase) {
    const lic = await mdm.licenseStatus();
    s.licenseKnown = lic.known;
    s.freeBefore = lic.known ? (lic.free ?? (lic.total ?? 0) - (lic.used ?? 0)) : null;
    s.deadline = { since: ctx.now.toISOString() };
    s.wiped = false;
    const lostModeChoice = (ctx.outputs['lost-mode'] as { choice?: string } | undefined)?.choice;
    s.phase = input.method === 'wipe_then_delete' || lostModeChoice === 'keep_and_wipe' ? 'wipe' : 'delete';
  }
  // Each phase either moves on at once (fall through) or waits for the next poll.
  for (;;) {
    switch (s.phase) {
      case 'wipe': {
        const device = await current(mdm, input.deviceId);
        if (!device) {
          s.phase = 'verify';
          break;
        }
        if (device.managementState === 'wiped') {
          s.wiped = true;
          s.phase = 'delete';
          break;
        }
        const once = await commandOnce(ctx, mdm, {
          key: roundKey(ctx, 'wipe', s),
          deviceId: input.deviceId,
          action: 'wipe',
          send: (k) => mdm.wipe(input.deviceId, { removeEsim: false }, k),
        });
        if (once.kind === 'wait') return waitForVendor(ctx, once, s);
        if (once.kind === 'applied') {
          s.wiped = true;
          s.phase = 'delete';
          break;
        }
        s.wipe = once.handle;
        if (once.via !== 'stored') await note(ctx, 'info', 'replacement.release.wipeSent', params);
        s.phase = 'wiping';
        break;
      }
      case 'wiping': {
        const status = await mdm.commandStatus(s.wipe!);
        if (status.state !== 'pending') await settleIntent(ctx, roundKey(ctx, 'wipe', s), status.state, status.detail);
        if (status.state === 'failed')
          return recordFailure(
            ctx,
            s,
            `${input.mdmSource} reports the wipe of ${input.name} failed: ${status.detail ?? 'no detail'}. Its record is NOT deleted. Retry sends the wipe again.`,
          );
        if (status.state === 'pending') return waitOrTimeout(ctx, input, s, 'wipe');
        s.wiped = true;
        s.phase = 'delete';
        break;
      }
      case 'delete': {
        const device = await current(mdm, input.deviceId);
        if (!device) {
          s.phase = 'verify';
          break;
        }
        // Deleting with lost mode still on would leave it impossible to disable (DOMAIN.md): refuse here too,
        // in case lost mode was turned on after the plan was made.
        if (device.lostMode === 'enabled' && !s.wiped && input.method !== 'delete_unwiped') {
          throw new PermanentError(
            `Lost mode is on for ${input.name}: deleting its record now would make lost mode impossible to disable. Disable lost mode (or wipe), then Retry.`,
          );
        }
        try {
          const once = await commandOnce(ctx, mdm, {
            key: roundKey(ctx, 'delete', s),
            deviceId: input.deviceId,
            action: 'delete',
            send: (k) => mdm.deleteRecord(input.deviceId, k, { removeAutoInstalledApps: input.removeAutoInstalledApps !== false }),
          });
          if (once.kind === 'wait') return waitForVendor(ctx, once, s);
          if (once.kind === 'applied') {
            s.phase = 'verify';
            break;
          }
          s.del = once.handle;
        } catch (error) {
          if (!(error instanceof NotFoundError)) throw error; // BlockedError (VPP / certificate) stops with its reason
          s.phase = 'verify';
          break;
        }
        s.phase = 'deleting';
        break;
      }
      case 'deleting': {
        const status = await mdm.commandStatus(s.del!);
        if (status.state !== 'pending') await settleIntent(ctx, roundKey(ctx, 'delete', s), status.state, status.detail);
        if (status.state === 'failed')
          return recordFailure(ctx, s, `${input.mdmSource} refused to delete ${input.name}: ${status.detail ?? 'no detail'}. Retry sends the deletion again.`);
        if (status.state === 'pending') return waitOrTimeout(ctx, input, s, 'delete');
        s.phase = 'verify';
        break;
      }
      case 'verify': {
        const gone = (await current(mdm, input.deviceId)) === null;
        const lic = await mdm.licenseStatus();
        const freeAfter = lic.known ? (lic.free ?? (lic.total ?? 0) - (lic.used ?? 0)) : null;
        if (licenseReleased(gone, freeAfter)) {
          await note(ctx, 'success', freeAfter === null ? 'replacement.release.doneUnknownCount' : 'replacement.release.done', { ...params, free: freeAfter });
          return {
            status: 'done',
            output: { released: true, wiped: s.wiped ?? false, freeBefore: s.freeBefore ?? null, freeAfter, at: ctx.now.toISOString() },
          };
        }
        return waitOrTimeout(ctx, input, s, gone ? 'license' : 'gone');
      }
      default:
        throw new PermanentError(`release-license: unknown phase ${String(s.phase)}`);
    }
  }
}

function waitOrTimeout(ctx: Ctx, input: ReleaseInput, s: Partial<ReleaseState>, what: 'wipe' | 'delete' | 'gone' | 'license'): StepResult {
  const { check, deadline } = checkDeadline(ctx, s.deadline, input.timeoutMs);
  s.deadline = deadline;
  if (check === 'fail') throw new PermanentError(timeoutMessage(input, what));
  if (check === 'expired') return poll(ctx.now, 0, s as never);
  return poll(ctx.now, input.pollMs, s as never, deadlineAt(deadline, input.timeoutMs));
}

function timeoutMessage(input: ReleaseInput, what: 'wipe' | 'delete' | 'gone' | 'license'): string {
  const waited = formatDuration(input.timeoutMs);
  switch (what) {
    case 'wipe':
      return `The wipe of ${input.name} has not been confirmed after ${waited} (a lost device may be offline). Its record is NOT deleted, so its license is still used. Retry to keep waiting, or Skip to go on without freeing it.`;
    case 'delete':
      return `${input.mdmSource} has not confirmed the deletion of ${input.name} after ${waited}. Retry to keep waiting.`;
    case 'gone':
      return `${input.mdmSource} still lists ${input.name} ${waited} after the delete. Check the console, then Retry.`;
    case 'license':
      return `${input.name} is gone from ${input.mdmSource} but ${input.mdmSource} still reports no free license after ${waited} (another device may have taken the seat). Free a license, then Retry: activating now would stall at Remote Management.`;
  }
}

/** The device as the MDM has it now, or null when the record is gone. */
async function current(mdm: MdmPort, id: string): Promise<MdmDevice | null> {
  const device = await nullIfNotFound(mdm.getDevice(id));
  return device?.managementState === 'deleted' ? null : device;
}
