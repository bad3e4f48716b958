// How the Intune adapter tells whether an action finished. Graph's device actions (wipe, retire, syncDevice,
// disableLostMode, beta enableLostMode) answer 204 No Content and return no command id. What Graph v1.0 does
// expose (checked in the CSDL) is, on the managedDevice:
//   - deviceActionResults: Collection(deviceActionResult{actionName, actionState, startDateTime,
//     lastUpdatedDateTime}), actionState ∈ none|pending|canceled|active|done|failed|notSupported;
//   - managementState: managed|retirePending|retireFailed|wipePending|wipeFailed|…|deletePending|…
// So commandStatus reads the device ($select=id,managementState,deviceActionResults) and takes the newest
// deviceActionResult for the action started at or after the handle's issuedAt (less a clock-skew margin).
// If there is none yet, a *Failed/*Canceled managementState means failed; anything else is pending. A
// wiped or retired device eventually disappears from managedDevices: a 404 then means done.
// actionName values: Microsoft documents managedDeviceRemoteAction members "wipe", "retire", "syncDevice" and
// a real response shows camelCase names ("rebootNow"); "disableLostMode"/"enableLostMode" are assumed to
// follow the same pattern (not verified against a live tenant), so names are compared case-insensitively.
// findActionResult answers "did Graph receive our action?" for a step that lost the answer to its POST (issue 12):
// the deviceActionResult of that action started since the bot sent it (deviceActionResult: actionName,
// actionState, startDateTime, lastUpdatedDateTime —
// https://learn.microsoft.com/graph/api/resources/intune-devices-deviceactionresult?view=graph-rest-1.0).
// startDateTime is set by the service, so the margin is for our clock against Graph's, not a device's; and a
// result that had already finished before we sent cannot be ours (an earlier round's failed wipe).
import type { CommandStatus } from '../../../ports/mdm';
import type { GraphAction } from './calls';
import type { GraphDeviceActionResult, GraphManagedDevice } from './mapping';

/** Device clocks and Graph's clocks differ; an action started slightly "before" issuedAt is still ours. */
export const CLOCK_SKEW_MS = 5 * 60_000;

export function actionStatus(device: GraphManagedDevice, action: GraphAction, issuedAt: string): CommandStatus {
  const since = Date.parse(issuedAt) - CLOCK_SKEW_MS;
  const ours = (device.deviceActionResults ?? [])
    .filter((r) => (r.actionName ?? '').toLowerCase() === action.toLowerCase())
    .filter((r) => !r.startDateTime || Number.isNaN(since) || Date.parse(r.startDateTime) >= since)
    .sort((a, b) => time(b) - time(a));
  const latest = ours[0];
  if (latest) return fromActionState(latest, action);

  const state = device.managementState ?? '';
  if ((action === 'wipe' && state === 'wipeFailed') || (action === 'retire' && state === 'retireFailed'))
    return { state: 'failed', detail: `Intune reports managementState ${state}` };
  if ((action === 'wipe' && state === 'wipeCanceled') || (action === 'retire' && state === 'retireCanceled'))
    return { state: 'failed', detail: `the ${action} was cancelled in Intune` };
  return { state: 'pending', detail: `waiting for the device to check in (managementState ${state || 'unknown'})` };
}

/** Service clocks (ours, Graph's) differ by seconds; a minute of margin. */
export const SERVICE_SKEW_MS = 60_000;

const FINISHED = new Set(['done', 'failed', 'canceled', 'notSupported']);

/** The newest result of `action` that Graph started at or after `since` (less the margin), or undefined. */
export function findActionResult(device: GraphManagedDevice, action: GraphAction, since: Date): GraphDeviceActionResult | undefined {
  const from = since.getTime() - SERVICE_SKEW_MS;
  return (device.deviceActionResults ?? [])
    .filter((r) => (r.actionName ?? '').toLowerCase() === action.toLowerCase())
    .filter((r) => Date.parse(r.startDateTime ?? '') >= from)
    .filter((r) => !(FINISHED.has(r.actionState ?? '') && Date.parse(r.lastUpdatedDateTime ?? '') < since.getTime()))
    .sort((a, b) => time(b) - time(a))[0];
}

function fromActionState(r: GraphDeviceActionResult, action: GraphAction): CommandStatus {
  switch (r.actionState) {
    case 'done':
      return { state: 'done' };
    case 'failed':
      return { state: 'failed', detail: `Intune reports the ${action} action failed` };
    case 'notSupported':
      return { state: 'failed', detail: `the device does not support ${action}` };
    case 'canceled':
      return { state: 'failed', detail: `the ${action} action was cancelled` };
    default:
      return { state: 'pending', detail: `action ${r.actionState ?? 'none'} since ${r.startDateTime ?? '?'}` };
  }
}

function time(r: GraphDeviceActionResult): number {
  const t = Date.parse(r.lastUpdatedDateTime ?? r.startDateTime ?? '');
  return Number.isNaN(t) ? 0 : t;
}
