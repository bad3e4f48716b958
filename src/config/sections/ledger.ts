import { z } from 'zod';
import { choice } from '../fields';

/** Which device ledger is the source of truth. */
export const ledgerSection = z.object({
  LEDGER_PROVIDER: choice(['builtin', 'snipeit', 'josys'] as const, 'builtin'),
});
