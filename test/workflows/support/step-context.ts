// A step context for unit tests of the step toolkit and of single step actions: the engine's view of one run of
// one step, with the services a test needs (a recording chat, a config). The toolkit's pure functions read only
// the step and the clock, so the other services are left out on purpose.
import { loadConfig } from '../../../src/config/load';
import type { Json, JsonObject } from '../../../src/engine/types';
import { silentLogger } from '../../../src/log/logger';
import type { Services } from '../../../src/ports/services';
import type { Ctx } from '../../../src/workflows/shared/step-toolkit';
import { RecordingChat } from './recording-chat';

export interface StepRun {
  attempt?: number;
  input?: JsonObject;
  state?: Json;
  signal?: Json;
  now?: Date;
  firstStartedAt?: Date;
  env?: Record<string, string>;
}

export const WORKFLOW_ID = 'wf-1';
export const STEP_KEY = 'wipe:SER1';

/** One run of the step "wipe:SER1" of workflow "wf-1"; `chat` records what the step said. */
export function stepRun(run: StepRun = {}): { ctx: Ctx; chat: RecordingChat } {
  const chat = new RecordingChat();
  const now = run.now ?? new Date('2026-04-01T00:30:00Z');
  const services = { chat, config: loadConfig({ TIME_ZONE: 'Asia/Tokyo', ...run.env }), logger: silentLogger, now: () => now } as Partial<Services> as Services;
  const ctx: Ctx = {
    workflow: {
      id: WORKFLOW_ID,
      kind: 'test',
      status: 'running',
      title: 'test',
      input: {},
      state: {},
      requestedById: null,
      subjectPersonId: null,
      slackChannel: null,
      slackThreadTs: null,
      scheduledAt: null,
      createdAt: now,
      finishedAt: null,
    },
    step: {
      key: STEP_KEY,
      action: 'test.step',
      input: run.input ?? {},
      attempt: run.attempt ?? 1,
      idempotencyKey: 'idem-1',
      firstStartedAt: run.firstStartedAt ?? now,
      state: run.state,
      signal: run.signal,
    },
    outputs: {},
    now,
    logger: silentLogger,
    services,
  };
  return { ctx, chat };
}
