// The world of the "exactly one destructive command" proofs (issue 12): the fake Jamf Pro, Intune (Graph) and
// Apple Business Manager servers of the adapter tests, devices for N offboardings, devices that answer their
// commands, the bot's configuration pointing at all of it, and the vendors' request logs read back as destructive
// calls per device. Used by the crash-point tests, the multi-process test and bench/destructive-once.ts.
//
// One offboarding per scenario, two devices of the leaving person:
//   A — a Jamf Pro iPhone, ADE, assigned in ABM, wiped: ERASE_DEVICE → record deleted (Classic API) → ABM unassign
//   B — an Intune iPhone in lost mode, kept (no wipe): disableLostMode → retire (Intune then drops the record)
import { generateKeyPairSync } from 'node:crypto';
import { loadConfig } from '../../../src/config/load';
import type { Db, Dialect } from '../../../src/db/client';
import { Engine } from '../../../src/engine/engine';
import type { WorkflowView } from '../../../src/engine/types';
import { workflowDefinitions } from '../../../src/runtime/workflows';
import { createTestDatabase, type TestDatabase } from '../../support/databases';
import { FakeAbmServer, APPLE_AUDIENCE } from '../../adapters/abm/apple/fake-abm-server';
import type { RecordedRequest } from '../../adapters/fake-http';
import { FakeIntuneServer } from '../../adapters/mdm/intune/fake-intune-server';
import { FakeJamfServer } from '../../adapters/mdm/jamf/fake-jamf-server';

export const APPROVER = 'U_APPROVER';
export const HELPDESK = 'U_HELPDESK';
const ABM_CLIENT_ID = 'BUSINESSAPI.destructive-once';
const ABM_KEY_ID = 'key-once';
export const ABM_SERVER = 'SRV-JAMF';

/** A destructive call as a vendor received it. */
export type CallName = 'wipe' | 'delete' | 'unassign' | 'disable_lost_mode' | 'retire';
export interface DestructiveCall {
  call: CallName;
  /** Jamf mobile device id, Intune device id, or (ABM) serial */
  device: string;
  /** the vendor carried it out (whatever the bot was told) */
  accepted: boolean;
  at: number;
}

export interface Scenario {
  index: number;
  leaver: { email: string; slackUserId: string; displayName: string };
  /** device A: Jamf Pro (and ABM) */
  jamfId: string;
  jamfManagementId: string;
  serialA: string;
  /** device B: Intune */
  intuneId: string;
  serialB: string;
}

export class VendorWorld {
  private timer?: NodeJS.Timeout;
  readonly scenarios: Scenario[] = [];

  private constructor(
    readonly jamf: FakeJamfServer,
    readonly intune: FakeIntuneServer,
    readonly abm: FakeAbmServer,
    private readonly abmKeyPem: string,
  ) {}

  /** `activityMs`: ABM runs an activity this long after it was created, polled or not. */
  static async start(options: { activityMs?: number; record?: boolean } = {}): Promise<VendorWorld> {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const jamf = await FakeJamfServer.start({ record: options.record });
    const intune = await FakeIntuneServer.start({ record: options.record });
    const abm = await FakeAbmServer.start({
      publicKey,
      clientId: ABM_CLIENT_ID,
      keyId: ABM_KEY_ID,
      activityPolls: 1_000,
      activityMs: options.activityMs ?? 200,
    });
    abm.addServer({ id: ABM_SERVER, name: 'Jamf Pro 本番', defaultProductFamilies: ['IPHONE'] });
    return new VendorWorld(jamf, intune, abm, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  }

  /** The devices of one more leaving person. */
  addScenario(): Scenario {
    const index = this.scenarios.length;
    const leaver = { email: `leaver${index}@example.com`, slackUserId: `U_LEAVER${index}`, displayName: `退職 ${index}` };
    const serialA = `ONCEA${String(index).padStart(5, '0')}`;
    const serialB = `ONCEB${String(index).padStart(5, '0')}`;
    const [a] = this.jamf.seed([
      {
        general: { displayName: `A-${index}`, enrollmentMethodPrestage: { mobileDevicePrestageId: '3', profileName: 'Corporate iPhone' } },
        hardware: { serialNumber: serialA, model: 'iPhone 15' },
        userAndLocation: { emailAddress: leaver.email, username: `leaver${index}` },
      },
    ]);
    this.abm.addDevice({ serial: serialA, serverId: ABM_SERVER, model: 'iPhone 15' });
    const [b] = this.intune.seed([
      {
        serialNumber: serialB,
        deviceName: `B-${index}`,
        emailAddress: leaver.email,
        userPrincipalName: leaver.email,
        deviceEnrollmentType: 'userEnrollment',
        lostModeState: 'enabled',
      },
    ]);
    const scenario = { index, leaver, jamfId: a!.mobileDeviceId, jamfManagementId: a!.general.managementId, serialA, intuneId: b!.id, serialB };
    this.scenarios.push(scenario);
    return scenario;
  }

  /** The bot's configuration (environment) for this world: both MDMs, the ABM API, the built-in ledger. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      ...this.jamf.adapterEnv(),
      ...this.intune.adapterEnv(),
      MDM_PROVIDER: 'jamf,intune',
      ABM_PROVIDER: 'abm',
      ABM_API_URL: this.abm.url,
      ABM_TOKEN_URL: this.abm.tokenUrl,
      ABM_TOKEN_AUDIENCE: APPLE_AUDIENCE,
      ABM_CLIENT_ID,
      ABM_KEY_ID,
      ABM_PRIVATE_KEY: this.abmKeyPem,
      ABM_ACTIVITY_SETTLE: '3s',
      LEDGER_PROVIDER: 'builtin',
      OFFBOARDING_APPROVER_IDS: APPROVER,
      HELPDESK_USER_IDS: HELPDESK,
      OFFBOARDING_UNENROLL_METHOD: 'retire',
      OFFBOARDING_COMMAND_POLL: '50ms',
      OFFBOARDING_SUMMARY_POLL: '100ms',
      ENGINE_LEASE_MS: '1000',
      TIME_ZONE: 'Asia/Tokyo',
      ...extra,
    };
  }

  /** Devices are online: every `ms`, pending commands are answered (Jamf, Intune). */
  devicesOnline(ms = 100): void {
    this.timer = setInterval(() => {
      this.jamf.completePending();
      this.intune.completePending();
    }, ms);
  }

  /** Every destructive call the vendors received, in order. */
  destructiveCalls(): DestructiveCall[] {
    const out: DestructiveCall[] = [];
    const seen = [
      ...this.jamf.requests.map((r) => ['jamf', r] as const),
      ...this.intune.requests.map((r) => ['intune', r] as const),
      ...this.abm.requests.map((r) => ['abm', r] as const),
    ];
    for (const [vendor, r] of seen) {
      const c = classify(vendor, r, this.scenarios);
      if (c) out.push(c);
    }
    return out.sort((x, y) => x.at - y.at);
  }

  /** How many times each (call, device) arrived, and how many of those the vendor carried out. */
  callCounts(): Map<string, { arrived: number; accepted: number }> {
    const counts = new Map<string, { arrived: number; accepted: number }>();
    for (const c of this.destructiveCalls()) {
      const key = `${c.call}:${c.device}`;
      const n = counts.get(key) ?? { arrived: 0, accepted: 0 };
      n.arrived++;
      if (c.accepted) n.accepted++;
      counts.set(key, n);
    }
    return counts;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all([this.jamf.close(), this.intune.close(), this.abm.close()]);
  }
}

/** The destructive call a request is, if any. */
export function classify(vendor: 'jamf' | 'intune' | 'abm', r: RecordedRequest, scenarios: Scenario[]): DestructiveCall | null {
  const base = { accepted: r.accepted ?? (r.status !== undefined && r.status < 400), at: r.at };
  if (vendor === 'jamf') {
    if (r.method === 'POST' && r.path === '/api/v2/mdm/commands') {
      const body = r.body as { clientData?: { managementId?: string }[]; commandData?: { commandType?: string } };
      if (body?.commandData?.commandType !== 'ERASE_DEVICE') return null;
      const s = scenarios.find((x) => x.jamfManagementId === body.clientData?.[0]?.managementId);
      return { ...base, call: 'wipe', device: s?.jamfId ?? '?' };
    }
    const del = /^\/JSSResource\/mobiledevices\/id\/([^/]+)$/.exec(r.path);
    if (r.method === 'DELETE' && del) return { ...base, call: 'delete', device: decodeURIComponent(del[1]!) };
    return null;
  }
  if (vendor === 'intune') {
    const m = /^\/(?:v1\.0|beta)\/deviceManagement\/managedDevices\/([^/]+)(?:\/([^/]+))?$/.exec(r.path);
    if (!m) return null;
    const device = decodeURIComponent(m[1]!);
    if (r.method === 'DELETE' && !m[2]) return { ...base, call: 'delete', device };
    if (r.method === 'POST' && m[2] === 'disableLostMode') return { ...base, call: 'disable_lost_mode', device };
    if (r.method === 'POST' && m[2] === 'retire') return { ...base, call: 'retire', device };
    if (r.method === 'POST' && m[2] === 'wipe') return { ...base, call: 'wipe', device };
    return null;
  }
  if (r.method !== 'POST' || r.path !== '/v1/orgDeviceActivities') return null;
  const data = (r.body as { data?: { attributes?: { activityType?: string }; relationships?: { devices?: { data?: { id?: string }[] } } } })?.data;
  if (data?.attributes?.activityType !== 'UNASSIGN_DEVICES') return null;
  return { ...base, call: 'unassign', device: (data.relationships?.devices?.data ?? []).map((d) => d.id).join(',') };
}

/** The people and the built-in ledger's records of the scenarios, as the helpdesk would have them. */
export async function seedDatabase(db: Db, scenarios: Scenario[]): Promise<void> {
  for (const s of scenarios) {
    const person = await db.person.create({
      data: { email: s.leaver.email, upn: s.leaver.email, slackUserId: s.leaver.slackUserId, displayName: s.leaver.displayName, locale: 'ja' },
    });
    for (const serial of [s.serialA, s.serialB])
      await db.device.create({
        data: { serial, assetNumber: `A-${serial}`, platform: 'ios', model: 'iPhone 15', status: 'in_use', assignedPersonId: person.id },
      });
  }
}

/** The offboarding request of a scenario: wipe A and dispose of it (a device leaving the company is unassigned in
 *  ABM; one returned to stock keeps its assignment, issue 13), keep B (its lost mode is turned off, then retired). */
export function offboardingInput(s: Scenario): Record<string, unknown> {
  return {
    requesterSlackId: HELPDESK,
    subject: { slackUserId: s.leaver.slackUserId },
    lastWorkingDay: '2026-11-30',
    devices: [
      { serial: s.serialA, decision: { wipe: true, afterwards: 'dispose' } },
      { serial: s.serialB, decision: { wipe: false } },
    ],
  };
}

/** What each test here starts: the vendors (devices online), a database, and the engine API that starts
 *  offboardings and reads them (it runs no step: the bots do). */
export interface Opened {
  world: VendorWorld;
  db: TestDatabase;
  env: Record<string, string>;
  starter: Engine<unknown>;
  start(s: Scenario): Promise<string>;
  /** the workflow once it has finished, or as it is after `ms` */
  finished(workflowId: string, ms: number): Promise<WorkflowView>;
  close(): Promise<void>;
}

export async function openWorld(
  dialect: Dialect,
  options: { activityMs?: number; record?: boolean; env?: Record<string, string>; poolSize?: number; scenarios?: number } = {},
): Promise<Opened> {
  const world = await VendorWorld.start({ activityMs: options.activityMs ?? 50, record: options.record });
  world.devicesOnline(50);
  const db = await createTestDatabase(dialect, { poolSize: options.poolSize });
  for (let i = 0; i < (options.scenarios ?? 0); i++) world.addScenario();
  await seedDatabase(db.prisma, world.scenarios);
  const env = world.env(options.env);
  const starter = new Engine<unknown>({ db: db.prisma, definitions: workflowDefinitions(loadConfig(env)), actions: {}, services: {} });
  const status = async (id: string) => (await starter.getWorkflow(id))!.workflow;
  return {
    world,
    db,
    env,
    starter,
    start: async (s) => (await starter.startWorkflow({ kind: 'offboarding', input: offboardingInput(s), actor: HELPDESK })).workflow.id,
    async finished(id, ms) {
      const end = Date.now() + ms;
      let view = await status(id);
      while (!['succeeded', 'failed', 'cancelled'].includes(view.status) && Date.now() < end) {
        await new Promise((r) => setTimeout(r, 100));
        view = await status(id);
      }
      return view;
    },
    async close() {
      await world.close();
      await db.cleanup();
    },
  };
}
