import { z } from 'zod';
import { list } from '../fields';

/**
 * Which MDM(s) the bot talks to. Several may be configured for a mixed fleet (e.g. "jamf,android").
 * Vendor sections (intune.ts, jamf.ts, android.ts, clomo.ts) hold each vendor's settings.
 */
export const mdmSection = z.object({
  MDM_PROVIDER: list()
    .pipe(z.array(z.enum(['intune', 'jamf', 'android', 'clomo', 'simulated'], { message: 'expected intune, jamf, android, clomo or simulated' })))
    .transform((v) =>
      v.length === 0 ? ((['simulated'] as const satisfies readonly string[]).slice() as ('intune' | 'jamf' | 'android' | 'clomo' | 'simulated')[]) : v,
    ),
  /** The fixture the simulated fleet is seeded from on first start. */
  SIMULATED_FLEET_FILE: z.string().default('./fixtures/simulated-fleet.json'),
});
