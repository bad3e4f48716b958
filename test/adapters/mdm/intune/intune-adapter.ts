// Builds an Intune adapter pointed at a FakeIntuneServer, with recorded sleeps instead of real waits.
import { createIntuneMdm } from '../../../../src/adapters/mdm/intune';
import { configSchema } from '../../../../src/config/schema';
import type { MdmPort } from '../../../../src/ports/mdm';
import { keptLogger, recordedWaits } from '../../support';
import type { FakeIntuneServer } from './fake-intune-server';

export interface IntuneHarness {
  mdm: MdmPort;
  sleeps: number[];
  logLines: string[];
}

export function intuneAdapter(
  fake: FakeIntuneServer,
  options: { env?: Record<string, string>; now?: () => number; sleep?: (ms: number) => Promise<void> } = {},
): IntuneHarness {
  const sleeps: number[] = [];
  const logLines: string[] = [];
  const config = configSchema.parse({ ...fake.adapterEnv(), ...options.env });
  const waits = recordedWaits(sleeps);
  const mdm = createIntuneMdm(config, { ...waits, sleep: options.sleep ?? waits.sleep, logger: keptLogger(logLines), now: options.now });
  return { mdm, sleeps, logLines };
}
