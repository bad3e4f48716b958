import { z } from 'zod';
import { choice } from '../fields';
import { duration } from './replacement';

/** Apple Business Manager (or Apple School Manager). Vendor settings live in the ABM adapter's section. */
export const abmSection = z.object({
  ABM_PROVIDER: choice(['abm', 'simulated', 'none'] as const, 'simulated'),
  /** When the answer to an activity (assign, unassign, release) was lost — a crash, a timeout — ABM is given this
   *  long to show the change on the device before the activity counts as never received and is sent again
   *  (Apple lists no activities, so the devices are the only witness). */
  ABM_ACTIVITY_SETTLE: duration('10m'),
});
