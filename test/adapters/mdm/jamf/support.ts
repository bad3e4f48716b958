// Builds a Jamf Pro adapter pointed at a FakeJamfServer, with recorded sleeps instead of real waits.
import { createJamfMdm } from '../../../../src/adapters/mdm/jamf';
import { configSchema } from '../../../../src/config/schema';
import { createLogger } from '../../../../src/log/logger';
import type { MdmPort } from '../../../../src/ports/mdm';
import type { FakeJamfServer } from './fake-jamf-server';

export function jamfAdapter(
  fake: FakeJamfServer,
  options: { env?: Record<string, string>; sleep?: (ms: number) => Promise<void> } = {},
): { mdm: MdmPort; sleeps: number[]; logLines: string[] } {
  const sleeps: number[] = [];
  const logLines: string[] = [];
  const config = configSchema.parse({
    MDM_PROVIDER: 'jamf',
    JAMF_URL: fake.url,
    JAMF_CLIENT_ID: fake.clientId,
    JAMF_CLIENT_SECRET: fake.clientSecret,
    ...options.env,
  });
  const mdm = createJamfMdm(config, {
    logger: createLogger({ level: 'debug', sink: (line) => logLines.push(line) }),
    sleep:
      options.sleep ??
      (async (ms) => {
        sleeps.push(ms);
      }),
    random: () => 0.5,
    retryBaseMs: 10,
  });
  return { mdm, sleeps, logLines };
}

export async function collect<T>(pages: AsyncIterable<T[]>): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let count = 0;
  for await (const page of pages) {
    count++;
    items.push(...page);
  }
  return { items, pages: count };
}
