// The whole configuration: one zod object per concern, merged. Each section file owns its variables;
// add a new section here when a module needs settings of its own.
import { z } from 'zod';
import { abmSection } from './sections/abm';
import { androidSection } from './sections/android';
import { appleAbmSection } from './sections/apple-abm';
import { clomoSection } from './sections/clomo';
import { coreSection } from './sections/core';
import { intuneSection } from './sections/intune';
import { jamfSection } from './sections/jamf';
import { josysSection } from './sections/josys';
import { ledgerSection } from './sections/ledger';
import { mdmSection } from './sections/mdm';
import { offboardingSection } from './sections/offboarding';
import { replacementSection } from './sections/replacement';
import { snipeitSection } from './sections/snipeit';
import { slackSection } from './sections/slack';
import { slackUiSection } from './sections/slack-ui';
import { syncSection } from './sections/sync';

export const configSchema = z.object({
  ...coreSection.shape,
  ...slackSection.shape,
  ...slackUiSection.shape,
  ...mdmSection.shape,
  ...intuneSection.shape,
  ...jamfSection.shape,
  ...androidSection.shape,
  ...clomoSection.shape,
  ...abmSection.shape,
  ...appleAbmSection.shape,
  ...ledgerSection.shape,
  ...snipeitSection.shape,
  ...josysSection.shape,
  ...syncSection.shape,
  ...replacementSection.shape,
  ...offboardingSection.shape,
});

export type Config = z.infer<typeof configSchema>;
