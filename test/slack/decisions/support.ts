// Decision tests through the real Bolt app (test/slack/harness.ts) with a real workflow behind the buttons:
// - the real offboarding workflow (its real approve step) on the simulated fleet, on the wall clock;
// - the small test workflow whose approval step polls while it awaits the decision, and whose polling run the
//   test can hold open (so a click lands while the step is `running`).
import { createBuiltinLedger } from '../../../src/adapters/ledger/builtin';
import { SimulatedWorld, systemClock } from '../../../src/adapters/mdm/simulated';
import { Engine } from '../../../src/engine/engine';
import type { StepAction } from '../../../src/engine/types';
import { silentLogger } from '../../../src/log/logger';
import type { Services } from '../../../src/ports/services';
import { createOffboardingDefinition, offboardingActions } from '../../../src/workflows/offboarding';
import type { Dialect } from '../../../src/db/client';
import type { Gate } from '../../engine/support';
import { HELPDESK_CHANNEL, harnessTest, testActions, testReplacement, USERS, type Harness, type TestServices } from '../harness';

const FAST = { pollMs: 20, backoffBaseMs: 1, backoffMaxMs: 5 };

/** The Slack harness running the real offboarding workflow; the employee leaves, the helpdesk requests it, the
 *  manager approves (OFFBOARDING_APPROVER_IDS) unless `env` says otherwise. */
export function offboardingTest(dialect: Dialect, env: Record<string, string> = {}) {
  let world: SimulatedWorld;
  return harnessTest(dialect, {
    env: { OFFBOARDING_APPROVER_IDS: USERS.manager, APPROVAL_SWEEP_MS: '100', ...env },
    workflow: (db, chat, config) => {
      world = new SimulatedWorld(db, { clock: systemClock });
      const services: Services = {
        config,
        db,
        logger: silentLogger,
        chat,
        reports: chat,
        mdms: [world.mdm],
        abm: world.abm,
        ledger: createBuiltinLedger(db),
        now: () => new Date(),
      };
      const definition = createOffboardingDefinition({ maxParallelDevices: config.OFFBOARDING_MAX_PARALLEL_DEVICES });
      const engine = new Engine<Services>({ db, definitions: [definition], actions: offboardingActions, services, logger: silentLogger, options: FAST });
      return { engine, services };
    },
    setup: async (h) => {
      await world.seedAbmServer({ id: 'srv-main', name: 'Main MDM', isDefault: true });
      await world.setLicenseTotal(100);
      await world.seedDevice({ serial: 'EMMA001', platform: 'ios', userEmail: 'emma@example.com', name: "Emma's iPhone" });
      await h.db.prisma.person.create({ data: { slackUserId: USERS.helpdesk, displayName: 'Helen', email: 'helen@example.com' } });
    },
  });
}

/** Starts the employee's offboarding as the helpdesk (as the modal would), and runs it until it stops moving. */
export async function startOffboarding(h: Harness): Promise<{ id: string; ts: string }> {
  const person = (slackUserId: string) => h.db.prisma.person.findUniqueOrThrow({ where: { slackUserId } });
  const { workflow } = await h.engine.startWorkflow({
    kind: 'offboarding',
    input: { requesterSlackId: USERS.helpdesk, subject: { slackUserId: USERS.employee }, lastWorkingDay: '2026-12-31', defaults: { wipe: false } },
    requestedById: (await person(USERS.helpdesk)).id,
    subjectPersonId: (await person(USERS.employee)).id,
    slackChannel: HELPDESK_CHANNEL,
    actor: USERS.helpdesk,
  });
  await h.bot.runtime.threads.ensure(workflow.id);
  await h.settle();
  const row = await h.db.prisma.workflow.findUniqueOrThrow({ where: { id: workflow.id } });
  return { id: row.id, ts: row.slackThreadTs! };
}

/** The test workflow whose approval step asks the manager, then polls every minute while it waits (as
 *  await-enrollment does); its second run is held at `gate`. */
export function pollingApprovalTest(dialect: Dialect, gate: () => Gate) {
  return harnessTest(dialect, {
    workflow: (db, chat) => {
      const approve: StepAction<TestServices> = async (ctx) => {
        const signal = ctx.step.signal as { decision?: string; by?: string } | undefined;
        if (signal)
          return signal.decision === 'approved'
            ? { status: 'done', output: { approvedBy: signal.by ?? null } }
            : { status: 'stop', outcome: 'cancelled', reason: 'rejected' };
        if (ctx.step.attempt === 1) {
          await ctx.services.chat.requestDecision({
            workflowId: ctx.workflow.id,
            stepKey: ctx.step.key,
            kind: 'approval',
            deciders: [USERS.manager],
            summary: { key: 'slack.kind.replacement' },
          });
        } else {
          await gate().hold();
        }
        return { status: 'wait', reason: 'poll', until: new Date(Date.now() + 60_000), message: { key: 'slack.kind.replacement' } };
      };
      const services: TestServices = { chat, failOnce: new Set() };
      const engine = new Engine<TestServices>({
        db,
        definitions: [testReplacement],
        actions: { ...testActions(db), 'test.approve': approve },
        services,
        logger: silentLogger,
        options: FAST,
      });
      // no device ports: /device lookup is not part of these tests
      return { engine, services: {} as Pick<Services, 'ledger' | 'mdms' | 'abm'> };
    },
  });
}
