// One offboarding scenario's world: a real database, the simulated fleet + simulated ABM sharing it, the built-in
// ledger, a recording chat, and an engine with the offboarding workflow — all on one injected ManualClock.
import { ManualClock, SimulatedWorld } from '../../../../src/adapters/mdm/simulated';
import { createBuiltinLedger } from '../../../../src/adapters/ledger/builtin';
import { loadConfig } from '../../../../src/config/load';
import type { Config } from '../../../../src/config/schema';
import type { Dialect } from '../../../../src/db/client';
import { Engine } from '../../../../src/engine/engine';
import type { AbmPort } from '../../../../src/ports/abm';
import type { LedgerPort } from '../../../../src/ports/ledger';
import type { MdmPort } from '../../../../src/ports/mdm';
import type { Services } from '../../../../src/ports/services';
import { silentLogger } from '../../../../src/log/logger';
import { createOffboardingDefinition, offboardingActions } from '../../../../src/workflows/offboarding';
import { offboardingInputSchema } from '../../../../src/workflows/offboarding/input';
import { createTestDatabase, type TestDatabase } from '../../../support/databases';
import { RecordingChat } from './recording-chat';

export const LEAVER = { email: 'leaver@example.com', slackUserId: 'U_LEAVER', displayName: '退職 太郎' };
export const MANAGER = { email: 'boss@example.com', slackUserId: 'U_MANAGER', displayName: 'Boss' };
export const APPROVER = 'U_APPROVER';
export const HELPDESK = 'U_HELPDESK';

export interface Harness {
  database: TestDatabase;
  world: SimulatedWorld;
  clock: ManualClock;
  chat: RecordingChat;
  ledger: LedgerPort;
  services: Services;
  engine: Engine<Services>;
  config: Config;
  /** a fresh engine instance on the same database (a restart) */
  restart(): Engine<Services>;
  /** runs the engine, moving the clock forward in `stepMs` until nothing is waiting on a timer (or maxMs) */
  runFor(ms: number, stepMs?: number): Promise<void>;
  start(input: Record<string, unknown>): Promise<string>;
  approve(workflowId: string, by?: string): Promise<void>;
  cleanup(): Promise<void>;
}

export async function createHarness(
  dialect: Dialect,
  options: { env?: Record<string, string>; mdms?: (world: SimulatedWorld) => MdmPort[]; abm?: (world: SimulatedWorld) => AbmPort | null } = {},
): Promise<Harness> {
  const database = await createTestDatabase(dialect);
  const db = database.prisma;
  const clock = new ManualClock(new Date('2026-11-23T01:00:00.000Z'));
  const world = new SimulatedWorld(db, { clock });
  await world.seedAbmServer({ id: 'srv-sim', name: 'Simulated MDM', isDefault: true });
  await world.setLicenseTotal(100);
  await world.seedPerson({ ...MANAGER });
  await world.seedPerson({ ...LEAVER, managerEmail: MANAGER.email, locale: 'ja' });
  const config = loadConfig({
    OFFBOARDING_APPROVER_IDS: APPROVER,
    HELPDESK_USER_IDS: HELPDESK,
    OFFBOARDING_COMMAND_POLL: '30s',
    OFFBOARDING_SUMMARY_POLL: '30s',
    TIME_ZONE: 'Asia/Tokyo',
    ...options.env,
  });
  const chat = new RecordingChat();
  const ledger = createBuiltinLedger(db, { now: () => clock.now() });
  const services: Services = {
    config,
    db,
    mdms: options.mdms ? options.mdms(world) : [world.mdm],
    abm: options.abm ? options.abm(world) : world.abm,
    ledger,
    chat,
    reports: { postReport: async () => {} },
    logger: silentLogger,
    now: () => clock.now(),
  };
  const definition = createOffboardingDefinition({ maxParallelDevices: config.OFFBOARDING_MAX_PARALLEL_DEVICES });
  let counter = 0;
  const makeEngine = () =>
    new Engine<Services>({
      db,
      definitions: [definition],
      actions: offboardingActions,
      services,
      instanceId: `test-${++counter}`,
      options: { now: () => clock.now(), backoffBaseMs: 10, backoffMaxMs: 20, random: () => 0.5 },
    });
  const harness: Harness = {
    database,
    world,
    clock,
    chat,
    ledger,
    services,
    engine: makeEngine(),
    config,
    restart() {
      harness.engine = makeEngine();
      return harness.engine;
    },
    async runFor(ms, stepMs = 30_000) {
      await harness.engine.runUntilIdle();
      for (let elapsed = 0; elapsed < ms; elapsed += stepMs) {
        await world.advance(stepMs);
        await harness.engine.runUntilIdle();
      }
    },
    async start(input) {
      const parsed = offboardingInputSchema.parse({
        requesterSlackId: HELPDESK,
        subject: { slackUserId: LEAVER.slackUserId },
        lastWorkingDay: '2026-11-30',
        ...input,
      });
      const { workflow } = await harness.engine.startWorkflow({ kind: 'offboarding', input: parsed, actor: HELPDESK });
      return workflow.id;
    },
    async approve(workflowId, by = APPROVER) {
      await harness.engine.runUntilIdle();
      const ok = await harness.engine.signal(workflowId, 'approve', { decision: 'approved', by }, by);
      if (!ok) throw new Error('the approve step was not waiting');
    },
    cleanup: () => database.cleanup(),
  };
  return harness;
}

/** A ledger record for a device, assigned to the leaving person, bound to its MDM record. */
export async function seedLedgerDevice(
  h: Harness,
  serial: string,
  over: { model?: string; platform?: string; mdmDeviceId?: string | null; assetNumber?: string } = {},
): Promise<string> {
  const person = await h.services.db.person.findUnique({ where: { email: LEAVER.email } });
  const row = await h.services.db.device.create({
    data: {
      serial,
      assetNumber: over.assetNumber ?? `A-${serial}`,
      platform: over.platform ?? 'ios',
      model: over.model ?? 'iPhone 15',
      status: 'in_use',
      assignedPersonId: person!.id,
      mdmSource: over.mdmDeviceId ? 'simulated' : null,
      mdmDeviceId: over.mdmDeviceId ?? null,
    },
  });
  return row.id;
}
