// ABM activities (assign / unassign / release) are asynchronous: the activity can complete while a device in it
// failed. One helper reads an activity's outcome for one serial, for both ABM steps.
import { PermanentError } from '../../../errors';
import type { AbmActivity } from '../../../ports/abm';
import { normalizeSerial } from '../../../ports/mdm';

export type ActivityOutcome = { state: 'pending' } | { state: 'done' } | { state: 'failed'; error: string };

export function outcomeFor(activity: AbmActivity, serial: string): ActivityOutcome {
  if (activity.status === 'IN_PROGRESS') return { state: 'pending' };
  const wanted = normalizeSerial(serial);
  const mine = activity.devices.find((d) => normalizeSerial(d.serial) === wanted);
  if (activity.status === 'FAILED') return { state: 'failed', error: mine?.error ?? 'the activity failed' };
  if (mine && !mine.ok) return { state: 'failed', error: mine.error ?? 'the device failed in the activity' };
  return { state: 'done' };
}

export function activityFailed(what: string, serial: string, error: string): PermanentError {
  return new PermanentError(`Apple Business Manager could not ${what} (device ${serial}): ${error}`, { system: 'abm' });
}
