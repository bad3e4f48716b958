// Builds an Intune adapter pointed at a FakeIntuneServer, with recorded sleeps instead of real waits.
import { createIntuneMdm } from '../../../../src/adapters/mdm/intune';
import { configSchema } from '../../../../src/config/schema';
import { createLogger } from '../../../../src/log/logger';
import type { MdmPort } from '../../../../src/ports/mdm';
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
  const config = configSchema.parse({
    MDM_PROVIDER: 'intune',
    INTUNE_TENANT_ID: fake.tenantId,
    INTUNE_CLIENT_ID: fake.clientId,
    INTUNE_CLIENT_SECRET: fake.clientSecret,
    INTUNE_GRAPH_URL: fake.graphUrl,
    INTUNE_TOKEN_URL: fake.tokenUrl,
    ...options.env,
  });
  const mdm = createIntuneMdm(config, {
    logger: createLogger({ level: 'debug', sink: (line) => logLines.push(line) }),
    sleep:
      options.sleep ??
      (async (ms) => {
        sleeps.push(ms);
      }),
    now: options.now,
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
