// Step "disable lost mode" (a device that is not wiped): lost mode must be off before the record is deleted, or it
// can never be disabled again without a wipe (DOMAIN.md). Done when the MDM shows lost mode off.
import { commandStep } from './command-step';

export const disableLostMode = commandStep(
  'disableLostMode',
  (mdm, id, key) => mdm.disableLostMode(id, key),
  (device) => device !== null && device.lostMode !== 'enabled',
  'disableLostMode',
);
