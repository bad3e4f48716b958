// The whole configuration: one zod object per concern, merged. Each section file owns its variables;
// add a new section here when a module needs settings of its own.
import { z } from 'zod';
import { abmSection } from './sections/abm';
import { coreSection } from './sections/core';
import { ledgerSection } from './sections/ledger';
import { mdmSection } from './sections/mdm';
import { slackSection } from './sections/slack';
import { syncSection } from './sections/sync';

export const configSchema = z.object({
  ...coreSection.shape,
  ...slackSection.shape,
  ...mdmSection.shape,
  ...abmSection.shape,
  ...ledgerSection.shape,
  ...syncSection.shape,
});

export type Config = z.infer<typeof configSchema>;
