// Builds a Jamf Pro adapter pointed at a FakeJamfServer, with recorded sleeps instead of real waits.
import { createJamfMdm } from '../../../../src/adapters/mdm/jamf';
import { configSchema } from '../../../../src/config/schema';
import type { MdmPort } from '../../../../src/ports/mdm';
import { keptLogger, recordedWaits } from '../../support';
import type { FakeJamfServer } from './fake-jamf-server';

export function jamfAdapter(
  fake: FakeJamfServer,
  options: { env?: Record<string, string>; sleep?: (ms: number) => Promise<void>; timeoutMs?: number } = {},
): { mdm: MdmPort; sleeps: number[]; logLines: string[] } {
  const sleeps: number[] = [];
  const logLines: string[] = [];
  const config = configSchema.parse({ ...fake.adapterEnv(), ...options.env });
  const waits = recordedWaits(sleeps);
  const mdm = createJamfMdm(config, { ...waits, sleep: options.sleep ?? waits.sleep, logger: keptLogger(logLines), timeoutMs: options.timeoutMs });
  return { mdm, sleeps, logLines };
}
