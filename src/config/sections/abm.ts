import { z } from 'zod';
import { choice } from '../fields';

/** Apple Business Manager (or Apple School Manager). Vendor settings live in the ABM adapter's section. */
export const abmSection = z.object({
  ABM_PROVIDER: choice(['abm', 'simulated', 'none'] as const, 'simulated'),
});
