// Each vendor adapter the device pickers and /device lookup ask, built for real against its fake server (the same
// fakes as the adapter tests), then made to fail as a vendor outage does: every request held past the adapter's
// time limit (timeout), answered 503, or the server gone (connection refused). The adapter's own retries are off
// and its time limit short, so a test sees the outage at once.
import { generateKeyPairSync } from 'node:crypto';
import { exportPKCS8, generateKeyPair } from 'jose';
import { createAppleAbm } from '../../../src/adapters/abm/apple';
import { createJosysLedger } from '../../../src/adapters/ledger/josys';
import { createSnipeItLedger } from '../../../src/adapters/ledger/snipeit';
import { createAndroidMdm } from '../../../src/adapters/mdm/android';
import { createIntuneMdm } from '../../../src/adapters/mdm/intune';
import { createJamfMdm } from '../../../src/adapters/mdm/jamf';
import { configSchema } from '../../../src/config/schema';
import { silentLogger } from '../../../src/log/logger';
import type { AbmPort } from '../../../src/ports/abm';
import type { LedgerPort } from '../../../src/ports/ledger';
import type { MdmPort } from '../../../src/ports/mdm';
import { APPLE_AUDIENCE, FakeAbmServer } from '../../adapters/abm/apple/fake-abm-server';
import type { VendorFake } from '../../adapters/fake-http';
import { FakeJosysServer } from '../../adapters/ledger/josys/fake-josys-server';
import { FakeSnipeItServer } from '../../adapters/ledger/snipeit/fake-snipeit-server';
import { FAKE_ENTERPRISE, FakeAndroidServer } from '../../adapters/mdm/android/fake-android-server';
import { FakeIntuneServer } from '../../adapters/mdm/intune/fake-intune-server';
import { FakeJamfServer } from '../../adapters/mdm/jamf/fake-jamf-server';

export type Outage = 'timeout' | '503' | 'refused';
export const OUTAGES: Outage[] = ['timeout', '503', 'refused'];

/** the adapter's own time limit in these tests (the Slack layer's is 2.5 s) */
const ADAPTER_TIMEOUT_MS = 300;
const deps = { logger: silentLogger, timeoutMs: ADAPTER_TIMEOUT_MS, maxRetries: 0, retryBaseMs: 1, sleep: async () => undefined, random: () => 0.5 };

export type FailingPort = { kind: 'mdm'; port: MdmPort } | { kind: 'ledger'; port: LedgerPort } | { kind: 'abm'; port: AbmPort };

export interface FailingVendor {
  /** the source name the bot shows ("MDM Intune", "the ledger", "ABM") */
  shownAs: string;
  failing: FailingPort;
  close(): Promise<void>;
}

interface Vendor {
  name: string;
  start(): Promise<{ fake: VendorFake; failing: FailingPort; shownAs: string }>;
}

const ANDROID_CLIENT = 'devicebot@devicebot-test.iam.gserviceaccount.com';
const ABM_CLIENT = 'BUSINESSAPI.9703f56c-10ce-4876-8f59-e78e5e23a152';
const ABM_KEY = 'd136aa66-0c3b-4bd4-9892-c20e8db024ab';

export const VENDORS: Vendor[] = [
  {
    name: 'Intune',
    async start() {
      const fake = await FakeIntuneServer.start({});
      return { fake, shownAs: 'MDM Intune', failing: { kind: 'mdm', port: createIntuneMdm(configSchema.parse(fake.adapterEnv()), deps) } };
    },
  },
  {
    name: 'Jamf Pro',
    async start() {
      const fake = await FakeJamfServer.start({});
      return { fake, shownAs: 'MDM Jamf Pro', failing: { kind: 'mdm', port: createJamfMdm(configSchema.parse(fake.adapterEnv()), deps) } };
    },
  },
  {
    name: 'Android Management API',
    async start() {
      const keys = await generateKeyPair('RS256', { extractable: true });
      const fake = await FakeAndroidServer.start({ publicKey: keys.publicKey, clientEmail: ANDROID_CLIENT });
      const key = await exportPKCS8(keys.privateKey);
      const account = { type: 'service_account', private_key_id: 'k1', private_key: key, client_email: ANDROID_CLIENT, token_uri: fake.tokenUrl };
      const port = createAndroidMdm(
        {
          ANDROID_MANAGEMENT_URL: fake.url,
          ANDROID_TOKEN_URL: fake.tokenUrl,
          ANDROID_ENTERPRISE_NAME: FAKE_ENTERPRISE,
          ANDROID_SERVICE_ACCOUNT_JSON: JSON.stringify(account),
          ANDROID_LICENSE_TOTAL: 0,
        },
        deps,
      );
      return { fake, shownAs: 'MDM Android Enterprise', failing: { kind: 'mdm', port } };
    },
  },
  {
    name: 'Apple Business Manager',
    async start() {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
      const fake = await FakeAbmServer.start({ publicKey, clientId: ABM_CLIENT, keyId: ABM_KEY });
      const port = createAppleAbm(
        {
          ABM_API_URL: fake.url,
          ABM_TOKEN_URL: fake.tokenUrl,
          ABM_TOKEN_AUDIENCE: APPLE_AUDIENCE,
          ABM_CLIENT_ID: ABM_CLIENT,
          ABM_KEY_ID: ABM_KEY,
          ABM_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
          ABM_PRIVATE_KEY_FILE: undefined,
          ABM_SCOPE: 'business.api',
          ABM_DEFAULT_MDM_SERVER_ID: undefined,
        },
        deps,
      );
      return { fake, shownAs: 'ABM', failing: { kind: 'abm', port } };
    },
  },
  {
    name: 'Josys',
    async start() {
      const fake = await FakeJosysServer.start({ key: 'josys-key', secret: 'josys-secret' });
      const port = createJosysLedger(
        {
          JOSYS_API_URL: fake.url,
          JOSYS_TOKEN_URL: undefined,
          JOSYS_API_USER_KEY: 'josys-key',
          JOSYS_API_SECRET: 'josys-secret',
          JOSYS_STATUS_MAP: undefined,
          JOSYS_FIELD_MAP: undefined,
        },
        deps,
      );
      return { fake, shownAs: 'the ledger', failing: { kind: 'ledger', port } };
    },
  },
  {
    name: 'Snipe-IT',
    async start() {
      const fake = await FakeSnipeItServer.start({ token: 'snipe-token-0123456789abcdef' });
      const port = createSnipeItLedger(
        {
          SNIPEIT_URL: fake.url,
          SNIPEIT_API_TOKEN: 'snipe-token-0123456789abcdef',
          SNIPEIT_STATUS_MAP: 'in_use=2,in_stock=1,repair=3,lost=4,retired=5,disposed=6',
          SNIPEIT_DEFAULT_MODEL_ID: '20',
          SNIPEIT_FIELD_MAP: undefined,
          SNIPEIT_RATE_LIMIT_PER_MINUTE: 120,
        },
        deps,
      );
      return { fake, shownAs: 'the ledger', failing: { kind: 'ledger', port } };
    },
  },
];

/** Starts the vendor's fake, builds its adapter, then breaks the vendor as `outage` says. */
export async function failingVendor(vendor: Vendor, outage: Outage): Promise<FailingVendor> {
  const { fake, failing, shownAs } = await vendor.start();
  // every API request (a fake that knows its token endpoint still hands out tokens: the API is what is down; a
  // token endpoint that is down too is the "refused" case, and the token client's own retries make it slow)
  const every = { times: 100_000 };
  if (outage === '503') fake.failNext({ ...every, status: 503 });
  // held well past the adapter's time limit (the answer never reaches it)
  if (outage === 'timeout') fake.failNext({ ...every, status: 200, body: {}, delayMs: 10 * ADAPTER_TIMEOUT_MS });
  // the server gone: its port refuses connections
  if (outage === 'refused') await fake.close();
  return { shownAs, failing, close: () => (outage === 'refused' ? Promise.resolve() : fake.close()) };
}
