// A replacement scenario on the simulated fleet: a real database (SQLite or PostgreSQL), the simulated MDM and ABM
// sharing one world, the built-in ledger, the real engine, and a recording chat. Time is a ManualClock that the
// test moves; nothing sleeps.
import type { Dialect } from '../../../src/db/client';
import { Engine } from '../../../src/engine/engine';
import type { StepView, WorkflowView } from '../../../src/engine/types';
import { createSimulatedAbm } from '../../../src/adapters/abm/simulated';
import { createBuiltinLedger } from '../../../src/adapters/ledger/builtin';
import { createSimulatedMdm, SimulatedWorld } from '../../../src/adapters/mdm/simulated';
import { loadConfig } from '../../../src/config/load';
import { silentLogger } from '../../../src/log/logger';
import type { AbmPort } from '../../../src/ports/abm';
import type { MdmPort } from '../../../src/ports/mdm';
import type { Services } from '../../../src/ports/services';
import { replacementActions, replacementDefinition } from '../../../src/workflows/replacement';
import type { ReplacementInput } from '../../../src/workflows/replacement/input';
import { createTestDatabase, type TestDatabase } from '../../support/databases';
import { RecordingChat } from '../support/recording-chat';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const PEOPLE = {
  boss: { slackUserId: 'U_BOSS', email: 'boss@example.com', displayName: '部長 一郎' },
  taro: { slackUserId: 'U_TARO', email: 'taro@example.com', displayName: '山田 太郎' },
  hana: { slackUserId: 'U_HELP', email: 'hana@example.com', displayName: 'Hana (helpdesk)' },
  jiro: { slackUserId: 'U_JIRO', email: 'jiro@example.com', displayName: '佐藤 次郎' },
} as const;

export interface ScenarioOptions {
  /** free licenses after seeding (default 0: the normal case, DOMAIN.md fact 1) */
  freeLicenses?: number;
  /** extra environment for the config (policy) */
  env?: Record<string, string>;
  /** seed the standard old iPhone OLD123 of Taro (default true) */
  oldIphone?: boolean | { lostMode?: boolean };
  /** deliver the new ADE iPhone NEW456 into ABM, assigned to the default server (default true) */
  newIphone?: boolean;
}

export interface ServiceOverrides {
  mdms?: MdmPort[];
  abm?: AbmPort | null;
}

export class Scenario {
  engine: Engine<Services>;
  services: Services;
  private engines = 0;

  constructor(
    readonly db: TestDatabase,
    readonly world: SimulatedWorld,
    readonly chat: RecordingChat,
    readonly env: Record<string, string>,
    private readonly overrides: ServiceOverrides = {},
  ) {
    this.services = this.makeServices(chat);
    this.engine = this.makeEngine(this.services);
  }

  /** New ports and a new engine instance on the same database: what a restarted bot process has. */
  restart(chat: RecordingChat = this.chat): Engine<Services> {
    this.services = this.makeServices(chat);
    this.engine = this.makeEngine(this.services);
    return this.engine;
  }

  private makeServices(chat: RecordingChat): Services {
    const prisma = this.db.prisma;
    const clock = this.world.clock;
    const config = loadConfig({ HELPDESK_USER_IDS: PEOPLE.hana.slackUserId, DEFAULT_LOCALE: 'ja', ...this.env });
    return {
      config,
      db: prisma,
      mdms: this.overrides.mdms ?? [createSimulatedMdm(prisma, { clock })],
      abm: this.overrides.abm === undefined ? createSimulatedAbm(prisma, { clock }) : this.overrides.abm,
      ledger: createBuiltinLedger(prisma, { now: () => clock.now() }),
      chat,
      reports: chat,
      logger: silentLogger,
      now: () => clock.now(),
    };
  }

  private makeEngine(services: Services): Engine<Services> {
    return new Engine<Services>({
      db: this.db.prisma,
      definitions: [replacementDefinition],
      actions: replacementActions,
      services,
      instanceId: `replacement-test-${++this.engines}`,
      logger: silentLogger,
      options: { now: () => this.world.now(), random: () => 0.5, backoffBaseMs: 1_000, backoffMaxMs: 10_000, leaseMs: 30_000, concurrency: 2 },
    });
  }

  async start(input: Partial<ReplacementInput> = {}): Promise<string> {
    const { workflow } = await this.engine.startWorkflow({
      kind: 'replacement',
      input: {
        requesterSlackId: PEOPLE.taro.slackUserId,
        subjectSlackId: PEOPLE.taro.slackUserId,
        subjectEmail: PEOPLE.taro.email,
        oldDevice: { serial: 'OLD123' },
        reason: 'broken',
        newSerial: 'NEW456',
        backup: 'yes',
        ...input,
      },
      actor: input.requesterSlackId ?? PEOPLE.taro.slackUserId,
    });
    await this.engine.runUntilIdle();
    return workflow.id;
  }

  run(): Promise<void> {
    return this.engine.runUntilIdle();
  }

  /** Moves time forward in steps, letting the engine run whatever became due at each step. */
  async advance(totalMs: number, stepMs = totalMs): Promise<void> {
    for (let done = 0; done < totalMs; done += stepMs) {
      await this.world.advance(Math.min(stepMs, totalMs - done));
      await this.engine.runUntilIdle();
    }
  }

  async decide(workflowId: string, stepKey: string, decision: 'approved' | 'rejected', by: string, reason?: string): Promise<void> {
    const delivered = await this.engine.signal(workflowId, stepKey, { decision, by, ...(reason ? { reason } : {}) }, by);
    if (!delivered) throw new Error(`step ${stepKey} was not waiting for a decision`);
    await this.engine.runUntilIdle();
  }

  async view(workflowId: string): Promise<{ workflow: WorkflowView; steps: StepView[] }> {
    const view = await this.engine.getWorkflow(workflowId);
    if (!view) throw new Error(`no workflow ${workflowId}`);
    return view;
  }

  async status(workflowId: string): Promise<string> {
    return (await this.view(workflowId)).workflow.status;
  }

  async step(workflowId: string, key: string): Promise<StepView> {
    const step = (await this.view(workflowId)).steps.find((s) => s.key === key);
    if (!step) throw new Error(`no step ${key}`);
    return step;
  }

  async stepStatuses(workflowId: string): Promise<Record<string, string>> {
    return Object.fromEntries((await this.view(workflowId)).steps.map((s) => [s.key, s.status]));
  }

  /** The ledger record of a serial (exactly one expected). */
  async ledgerRecord(serial: string) {
    const found = await this.services.ledger.findBySerial(serial);
    if (found.length !== 1) throw new Error(`expected one ledger record for ${serial}, found ${found.length}`);
    return found[0]!;
  }

  async close(): Promise<void> {
    await this.engine.stop();
    await this.db.cleanup();
  }
}

export async function createScenario(dialect: Dialect, options: ScenarioOptions = {}, overrides: ServiceOverrides = {}): Promise<Scenario> {
  const db = await createTestDatabase(dialect);
  const world = new SimulatedWorld(db.prisma);
  await world.seedAbmServer({ id: 'srv-main', name: 'Main MDM', isDefault: true });
  await world.seedPerson({ ...PEOPLE.boss, locale: 'ja' });
  await world.seedPerson({ ...PEOPLE.taro, managerEmail: PEOPLE.boss.email, locale: 'ja' });
  await world.seedPerson({ ...PEOPLE.jiro, managerEmail: PEOPLE.boss.email, locale: 'en' });
  await world.seedPerson({ ...PEOPLE.hana, isHelpdesk: true, locale: 'en' });
  const ledger = createBuiltinLedger(db.prisma, { now: () => world.now() });
  const by = { actor: 'seed' };

  // A colleague's phone: it must come through every scenario untouched.
  await world.seedDevice({ serial: 'JIRO01', platform: 'ios', userEmail: PEOPLE.jiro.email, adeEnrolled: true, name: "Jiro's iPhone" });
  const jiro = await ledger.create({ serial: 'JIRO01', platform: 'ios', model: 'iPhone 15', status: 'in_stock' }, by);
  await ledger.assign(jiro.id, { email: PEOPLE.jiro.email, slackUserId: PEOPLE.jiro.slackUserId }, by);
  await ledger.setStatus(jiro.id, 'in_use', 'seed', by);

  if (options.oldIphone !== false) {
    const lostMode = typeof options.oldIphone === 'object' ? Boolean(options.oldIphone.lostMode) : false;
    await world.seedDevice({
      serial: 'OLD123',
      platform: 'ios',
      userEmail: PEOPLE.taro.email,
      adeEnrolled: true,
      profileRemovalRestricted: true,
      lostMode,
      name: "Taro's iPhone",
      model: 'iPhone 13',
    });
    const old = await ledger.create({ serial: 'OLD123', platform: 'ios', model: 'iPhone 13', status: 'in_stock', assetNumber: 'PC-0042' }, by);
    await ledger.assign(old.id, { email: PEOPLE.taro.email, slackUserId: PEOPLE.taro.slackUserId, displayName: PEOPLE.taro.displayName }, by);
    await ledger.setStatus(old.id, 'in_use', 'seed', by);
  }
  if (options.newIphone !== false) await world.deliverAdeDevice('NEW456', 'iPhone 16');
  const { used } = await world.licenses();
  await world.setLicenseTotal(used + (options.freeLicenses ?? 0));

  const env = {
    REPLACEMENT_RELEASE_POLL: '15s',
    REPLACEMENT_RELEASE_TIMEOUT: '1h',
    REPLACEMENT_ABM_POLL: '10s',
    REPLACEMENT_ENROLL_POLL: '5m',
    REPLACEMENT_ENROLL_REMINDER: '24h',
    REPLACEMENT_ENROLL_TIMEOUT: '7d',
    ...options.env,
  };
  return new Scenario(db, world, new RecordingChat(), env, overrides);
}
