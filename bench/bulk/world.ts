// The world of the bulk offboarding benchmark: the fake Jamf Pro, Intune (Graph), Apple Business Manager and Slack
// servers of the tests, each behind a LimitedProxy that enforces its documented limits (docs/limits.md), with
// TIME_SCALE applied to every time window; N leaving people with one or two devices each (Intune or Jamf Pro, ADE
// or not: ADE devices are also in ABM), the directory and ledger rows the helpdesk would have, and the CSV the
// helpdesk uploads (wipe or not, dispose or return to stock, run now).
import { generateKeyPairSync } from 'node:crypto';
import type { Db } from '../../src/db/client';
import { APPLE_AUDIENCE, FakeAbmServer } from '../../test/adapters/abm/apple/fake-abm-server';
import { FakeIntuneServer } from '../../test/adapters/mdm/intune/fake-intune-server';
import { FakeJamfServer } from '../../test/adapters/mdm/jamf/fake-jamf-server';
import { FakeSlackServer, type FakeUser } from '../../test/support/fake-slack/fake-slack-server';
import { parseArgs } from '../../test/support/fake-slack/wire';
import { type DestructiveCall, classify, type Scenario } from '../../test/workflows/destructive-once/world';
import { LimitedProxy } from './limited-proxy';

export const HELPDESK = 'U0HELPDESK';
export const APPROVER = 'U0APPROVER';
export const CHANNEL = 'C0HELPDESK';
export const BOT_TOKEN = 'xoxb-bench-bulk';
export const SIGNING_SECRET = 'bench-bulk-signing-secret-0123456789';
const ABM_CLIENT_ID = 'BUSINESSAPI.bench-bulk';
const ABM_KEY_ID = 'key-bulk';
const ABM_SERVER = 'SRV-MAIN';

/** Documented limits (docs/limits.md), in real time; the world divides every window by TIME_SCALE. */
export const DOCUMENTED = {
  graphWrites: { limit: 200, windowMs: 20_000 },
  graphRequests: { limit: 2_000, windowMs: 20_000 },
  jamfConnections: 5,
  /** "1 message per second per channel, short bursts allowed": a burst of 2 within 2 s is allowed, 3 is not */
  slackPosts: { limit: 2, windowMs: 2_000, perSecond: 1 },
  /** chat.update is a Tier 3 method: 50 calls a minute per workspace */
  slackUpdates: { limit: 50, windowMs: 60_000 },
};

/** How long a vendor takes to answer (real time): a guess for a cloud API; it is what makes 5 connections a limit. */
export const VENDOR_LATENCY_MS = 200;

export interface Device {
  vendor: 'intune' | 'jamf';
  ade: boolean;
  serial: string;
  /** Intune device id or Jamf Pro mobile device id */
  id: string;
  jamfManagementId?: string;
}

export interface Leaver {
  index: number;
  email: string;
  slackUserId: string;
  wipe: boolean;
  afterwards: 'dispose' | 'return_to_stock';
  devices: Device[];
}

export interface WorldOptions {
  leavers: number;
  timeScale: number;
  seed?: number;
}

export class BulkWorld {
  readonly leavers: Leaver[] = [];
  private timer?: NodeJS.Timeout;

  private constructor(
    readonly options: WorldOptions,
    readonly jamf: FakeJamfServer,
    readonly intune: FakeIntuneServer,
    readonly abm: FakeAbmServer,
    readonly slack: FakeSlackServer,
    readonly proxies: { graph: LimitedProxy; jamf: LimitedProxy; abm: LimitedProxy; slack: LimitedProxy },
    private readonly abmKeyPem: string,
  ) {}

  static async start(options: WorldOptions): Promise<BulkWorld> {
    const scaled = (ms: number) => ms / options.timeScale;
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const jamf = await FakeJamfServer.start({ record: true });
    const intune = await FakeIntuneServer.start({ record: true });
    const abm = await FakeAbmServer.start({ publicKey, clientId: ABM_CLIENT_ID, keyId: ABM_KEY_ID, activityPolls: 1_000, activityMs: scaled(2_000) });
    abm.addServer({ id: ABM_SERVER, name: 'Main MDM', defaultProductFamilies: ['IPHONE'] });
    const users: FakeUser[] = [
      { id: HELPDESK, name: 'helpdesk', real_name: 'Helen Helpdesk', locale: 'ja-JP', email: 'helpdesk@example.com' },
      { id: APPROVER, name: 'approver', real_name: '承認 太郎', locale: 'ja-JP', email: 'approver@example.com' },
    ];
    const slack = await new FakeSlackServer({ botToken: BOT_TOKEN, channels: [CHANNEL], users }).start();
    const latencyMs = scaled(VENDOR_LATENCY_MS);
    const window = (w: { limit: number; windowMs: number }) => ({ limit: w.limit, windowMs: scaled(w.windowMs) });
    const graphError = () => ({ error: { code: 'TooManyRequests', message: 'Too many requests (bench limit)', innerError: {} } });
    const graph = await new LimitedProxy({
      target: intune.url,
      latencyMs,
      ignore: (r) => r.path.endsWith('/oauth2/v2.0/token'),
      rates: [
        { name: 'graph writes', ...window(DOCUMENTED.graphWrites), key: (r) => (['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) ? 'tenant' : null) },
        { name: 'graph requests', ...window(DOCUMENTED.graphRequests), key: () => 'tenant' },
      ],
      tooMany: graphError,
    }).start();
    const jamfProxy = await new LimitedProxy({
      target: jamf.url,
      latencyMs,
      connections: DOCUMENTED.jamfConnections,
      ignore: (r) => /^\/api\/(v1\/)?oauth\/token$/.test(r.path),
      tooMany: () => ({}),
    }).start();
    const abmProxy = await new LimitedProxy({ target: abm.url, latencyMs, tooMany: () => ({}) }).start();
    const slackProxy = await new LimitedProxy({
      target: slack.baseUrl,
      rates: [
        { name: 'slack posts', ...window(DOCUMENTED.slackPosts), key: (r) => (r.path === '/api/chat.postMessage' ? slackChannel(r) : null) },
        { name: 'slack updates', ...window(DOCUMENTED.slackUpdates), key: (r) => (r.path === '/api/chat.update' ? 'workspace' : null) },
      ],
      ignore: (r) => !r.path.startsWith('/api/'),
      tooMany: () => ({ ok: false, error: 'ratelimited' }),
    }).start();
    // the file the helpdesk uploads is downloaded from where the bot's SLACK_API_URL points (same-host rule)
    slack.userFiles.downloadBase = slackProxy.url;
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const world = new BulkWorld(options, jamf, intune, abm, slack, { graph, jamf: jamfProxy, abm: abmProxy, slack: slackProxy }, pem);
    world.addLeavers(options.leavers, options.seed ?? 16);
    return world;
  }

  private addLeavers(count: number, seed: number): void {
    const random = mulberry32(seed);
    for (let index = 0; index < count; index++) {
      const n = String(index).padStart(5, '0');
      const leaver: Leaver = {
        index,
        email: `leaver${n}@example.com`,
        slackUserId: `U0LEAVE${n}`,
        wipe: random() < 0.5,
        afterwards: random() < 0.5 ? 'dispose' : 'return_to_stock',
        devices: [],
      };
      this.slack.addUser({ id: leaver.slackUserId, name: `leaver${n}`, real_name: `退職 ${n}`, locale: 'ja-JP', email: leaver.email });
      const devices = random() < 0.5 ? 1 : 2;
      for (let d = 0; d < devices; d++) leaver.devices.push(this.addDevice(leaver, `BULK${n}${d}`, random() < 0.5 ? 'intune' : 'jamf', random() < 0.5));
      this.leavers.push(leaver);
    }
  }

  private addDevice(leaver: Leaver, serial: string, vendor: Device['vendor'], ade: boolean): Device {
    if (ade) this.abm.addDevice({ serial, serverId: ABM_SERVER, model: 'iPhone 15' });
    if (vendor === 'intune') {
      const [d] = this.intune.seed([
        {
          serialNumber: serial,
          deviceName: `iPhone-${serial}`,
          emailAddress: leaver.email,
          userPrincipalName: leaver.email,
          deviceEnrollmentType: ade ? 'appleBulkWithUser' : 'userEnrollment',
          isSupervised: ade,
          lostModeState: 'disabled',
        },
      ]);
      return { vendor, ade, serial, id: d!.id };
    }
    const [d] = this.jamf.seed([
      {
        general: {
          displayName: `iPhone-${serial}`,
          supervised: ade,
          enrollmentMethodPrestage: ade ? { mobileDevicePrestageId: '3', profileName: 'Corporate iPhone' } : null,
        },
        hardware: { serialNumber: serial, model: 'iPhone 15' },
        userAndLocation: { emailAddress: leaver.email, username: `leaver${leaver.index}` },
      },
    ]);
    return { vendor, ade, serial, id: d!.mobileDeviceId, jamfManagementId: d!.general.managementId };
  }

  get deviceCount(): number {
    return this.leavers.reduce((n, l) => n + l.devices.length, 0);
  }

  /** The bulk CSV the helpdesk uploads: everyone leaves today, and runs as soon as approved (run_at now). */
  csv(now = new Date()): string {
    const day = now.toLocaleDateString('sv-SE', { timeZone: 'Asia/Tokyo' });
    const runAt = now.toISOString().replace(/\.\d+Z$/, 'Z');
    const rows = this.leavers.map((l) => [l.email, day, runAt, l.wipe ? 'yes' : 'no', l.afterwards].join(','));
    return ['email,last_working_day,run_at,wipe,afterwards', ...rows].join('\n') + '\n';
  }

  /** The bot's configuration for this world (the vendors and Slack through their proxies). */
  env(): Record<string, string> {
    const intune = this.intune.adapterEnv();
    const graphUrl = this.proxies.graph.url;
    return {
      ...this.jamf.adapterEnv(),
      ...intune,
      INTUNE_GRAPH_URL: graphUrl,
      INTUNE_TOKEN_URL: intune.INTUNE_TOKEN_URL!.replace(this.intune.url, graphUrl),
      JAMF_URL: this.proxies.jamf.url,
      MDM_PROVIDER: 'jamf,intune',
      ABM_PROVIDER: 'abm',
      ABM_API_URL: this.proxies.abm.url,
      ABM_TOKEN_URL: this.abm.tokenUrl,
      ABM_TOKEN_AUDIENCE: APPLE_AUDIENCE,
      ABM_CLIENT_ID,
      ABM_KEY_ID,
      ABM_PRIVATE_KEY: this.abmKeyPem,
      LEDGER_PROVIDER: 'builtin',
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: `${this.proxies.slack.url}/api/`,
      SLACK_HELPDESK_CHANNEL: CHANNEL,
      HELPDESK_USER_IDS: HELPDESK,
      OFFBOARDING_APPROVER_IDS: APPROVER,
      OFFBOARDING_UNENROLL_METHOD: 'retire',
      TIME_ZONE: 'Asia/Tokyo',
      DEFAULT_LOCALE: 'ja',
    };
  }

  /** The people and the built-in ledger's records, as the helpdesk would have them. */
  async seedDatabase(db: Db): Promise<void> {
    for (const l of this.leavers) {
      const person = await db.person.create({
        data: { email: l.email, upn: l.email, slackUserId: l.slackUserId, displayName: `退職 ${l.index}`, locale: 'ja' },
      });
      for (const d of l.devices)
        await db.device.create({
          data: { serial: d.serial, assetNumber: `A-${d.serial}`, platform: 'ios', model: 'iPhone 15', status: 'in_use', assignedPersonId: person.id },
        });
    }
    await db.person.create({ data: { slackUserId: HELPDESK, displayName: 'Helen', email: 'helpdesk@example.com' } });
    await db.person.create({ data: { slackUserId: APPROVER, displayName: '承認 太郎', email: 'approver@example.com' } });
  }

  /** Devices are online: every `ms`, pending commands are answered. */
  devicesOnline(ms: number): void {
    this.timer = setInterval(() => {
      this.jamf.completePending();
      this.intune.completePending();
    }, ms);
  }

  /** Every destructive call the vendors received (the destructive-once proof's classifier). */
  destructiveCalls(): DestructiveCall[] {
    const jamfDevices = this.leavers.flatMap((l) => l.devices.filter((d) => d.vendor === 'jamf'));
    // classify() maps a Jamf command's management id to the device through the proof's scenarios
    const scenarios = jamfDevices.map((d) => ({ jamfManagementId: d.jamfManagementId, jamfId: d.id }) as Scenario);
    const out: DestructiveCall[] = [];
    for (const [vendor, fake] of [
      ['jamf', this.jamf],
      ['intune', this.intune],
      ['abm', this.abm],
    ] as const)
      for (const r of fake.requests) {
        const c = classify(vendor, r, scenarios);
        if (c) out.push(c);
        const unmanage = vendor === 'jamf' && r.method === 'POST' ? /^\/api\/v2\/mobile-devices\/([^/]+)\/unmanage$/.exec(r.path) : null;
        if (unmanage) out.push({ call: 'retire', device: decodeURIComponent(unmanage[1]!), accepted: r.accepted ?? false, at: r.at });
      }
    return out;
  }

  /** (call, device) pairs that arrived at a vendor more than once */
  duplicateDestructiveCalls(): number {
    const counts = new Map<string, number>();
    for (const c of this.destructiveCalls()) counts.set(`${c.call}:${c.device}`, (counts.get(`${c.call}:${c.device}`) ?? 0) + 1);
    return [...counts.values()].filter((n) => n > 1).length;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all(Object.values(this.proxies).map((p) => p.close()));
    await Promise.all([this.jamf.close(), this.intune.close(), this.abm.close(), this.slack.stop()]);
  }
}

function slackChannel(r: { body: string; contentType: string; path: string }): string {
  const args = parseArgs(r.body, r.contentType, new URL(`http://x${r.path}`));
  return String(args.channel ?? '?');
}

/** A small seeded generator: the same LEAVERS give the same fleet in every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
