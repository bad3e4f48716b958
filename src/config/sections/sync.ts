import { z } from 'zod';
import { bool } from '../fields';

/** Nightly MDM → ledger sync. */
export const syncSection = z.object({
  SYNC_CRON: z.string().default('0 6 * * *'),
  SYNC_ENABLED: bool(true),
});
