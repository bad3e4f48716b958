// Step "remove profiles": ADE with MDM-profile removal restricted, not wiping — remove the installed
// configuration profiles; the MDM profile itself stays on the device (the decision table in DOMAIN.md;
// clomo-remove-ios-device.ja.txt, 3-1).
import { commandStep } from './command-step';

export const removeProfiles = commandStep('removeProfiles', (mdm, id, key) => mdm.removeProfiles(id, key), undefined, 'removeProfiles');
