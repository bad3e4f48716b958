// A wipe (or retire) sent to the device but not yet run: the record is not greyed out, the device still holds the
// leaver's data. The record turns grey only after the wipe ran (2-2, step 9); deleting it now drops the queued
// command, so the device is never wiped. Wait for it to run before the record is deleted.
import type { MdmDevice } from '../../ports/mdm';
import { queuedRemoval } from '../record-state';
import { SOURCES } from '../sources';
import { raise, type DeviceRisk, type RiskRule } from './risk';

export const removalStillQueuedRule: RiskRule<'removal_still_queued'> = {
  code: 'removal_still_queued',
  says: 'a wipe or retire is queued but has not run: the record is not grey yet, and deleting it drops the command',
  source: SOURCES.clomoWipe,
};

export function removalStillQueued(device: Pick<MdmDevice, 'managementState'>): DeviceRisk<'removal_still_queued'> | null {
  const command = queuedRemoval(device.managementState);
  return command ? raise(removalStillQueuedRule, { command }) : null;
}
