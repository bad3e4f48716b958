// issueOnce on a real database: the intent row is written before the vendor call and completed after it; a run
// that finds it without a handle asks the vendor and sends again only when the vendor shows nothing (and the last
// send is older than the lease); a vendor that cannot tell waits for an operator's Retry; two runs at once send once.
import { afterEach, describe, expect, it } from 'vitest';
import { OutcomeUnknownError, PermanentError, ThrottledError, ValidationError } from '../../../../src/errors';
import type { Services } from '../../../../src/ports/services';
import { issueOnce, settleIntent, type Lookup, type OnceCall } from '../../../../src/workflows/shared/step-toolkit';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../../support/databases';
import { stepRun, STEP_KEY, WORKFLOW_ID } from '../../support/step-context';

type Handle = { id: string };
const T0 = new Date('2026-11-30T10:00:00Z');
const LEASE_MS = 60_000;

describe.each(DIALECTS)('issueOnce on %s', (dialect) => {
  let db: TestDatabase;
  afterEach(async () => {
    await db?.cleanup();
  });

  /** A run of the step at `now`, with a vendor whose answers the test scripts. */
  function run(now: Date, vendor: { sent: string[]; fail?: Error; lookup?: Lookup<Handle>; asked?: Date[] }) {
    const { ctx } = stepRun({ now, env: { ENGINE_LEASE_MS: String(LEASE_MS) } });
    ctx.services = { ...ctx.services, db: db.prisma } as Services;
    const call: OnceCall<Handle> = {
      key: 'idem-1:wipe',
      source: 'intune',
      device: 'dev-1',
      action: 'wipe',
      send: async (key) => {
        const row = await db.prisma.commandIntent.findUnique({ where: { roundKey: key } });
        vendor.sent.push(`${key}@${row?.status}`); // the intent is written before the call
        const fail = vendor.fail;
        vendor.fail = undefined;
        if (fail) throw fail;
        return { id: `cmd-${vendor.sent.length}` };
      },
      find: async (since) => {
        vendor.asked?.push(since);
        return vendor.lookup ?? { state: 'absent' };
      },
    };
    return issueOnce(ctx, call);
  }
  const intent = () => db.prisma.commandIntent.findUniqueOrThrow({ where: { roundKey: 'idem-1:wipe' } });

  it('writes the intent before the call and the handle after it; a later run follows the stored handle', async () => {
    db = await createTestDatabase(dialect);
    const vendor = { sent: [] as string[] };
    expect(await run(T0, vendor)).toEqual({ kind: 'handle', handle: { id: 'cmd-1' }, via: 'answer' });
    expect(vendor.sent).toEqual(['idem-1:wipe@intent']);
    expect(await intent()).toMatchObject({
      status: 'accepted',
      handleJson: '{"id":"cmd-1"}',
      resolvedBy: 'answer',
      sends: 1,
      workflowId: WORKFLOW_ID,
      stepKey: STEP_KEY,
      source: 'intune',
      device: 'dev-1',
      action: 'wipe',
    });
    expect(await run(new Date(T0.getTime() + 5_000), vendor)).toEqual({ kind: 'handle', handle: { id: 'cmd-1' }, via: 'stored' });
    expect(vendor.sent).toHaveLength(1);
    await settleIntent(stepRunWith(T0), 'idem-1:wipe', 'done');
    expect((await intent()).status).toBe('done');
  });

  it('503 after the vendor accepted it: the next run finds the command and does not send it again', async () => {
    db = await createTestDatabase(dialect);
    const asked: Date[] = [];
    const vendor = { sent: [] as string[], asked, fail: new OutcomeUnknownError('vendor: POST answered 503; the vendor may have accepted it') as Error };
    await expect(run(T0, vendor)).rejects.toBeInstanceOf(OutcomeUnknownError);
    expect(await intent()).toMatchObject({ status: 'unknown', handleJson: null });
    const again = await run(new Date(T0.getTime() + 2_000), { ...vendor, lookup: { state: 'found', handle: { id: 'cmd-at-vendor' } } });
    expect(again).toEqual({ kind: 'handle', handle: { id: 'cmd-at-vendor' }, via: 'lookup' });
    expect(asked).toEqual([T0]); // asked for commands since the send
    expect(vendor.sent).toHaveLength(1);
    expect(await intent()).toMatchObject({ status: 'accepted', resolvedBy: 'lookup', sends: 1 });
  });

  it('429 (not accepted): sends again only once the vendor shows nothing and the last send is older than the lease', async () => {
    db = await createTestDatabase(dialect);
    const vendor = { sent: [] as string[], fail: new ThrottledError('vendor: 429', 5_000) as Error };
    await expect(run(T0, vendor)).rejects.toBeInstanceOf(ThrottledError);
    const early = await run(new Date(T0.getTime() + 5_000), vendor);
    expect(early).toEqual({ kind: 'wait', until: new Date(T0.getTime() + LEASE_MS), detail: expect.any(String) });
    expect(vendor.sent).toHaveLength(1);
    expect(await run(new Date(T0.getTime() + LEASE_MS), vendor)).toMatchObject({ kind: 'handle', handle: { id: 'cmd-2' }, via: 'answer' });
    expect(vendor.sent).toEqual(['idem-1:wipe@intent', 'idem-1:wipe@intent']);
    expect(await intent()).toMatchObject({ status: 'accepted', sends: 2 });
  });

  it('a definite refusal (4xx) means nothing arrived: the next run sends again without asking', async () => {
    db = await createTestDatabase(dialect);
    const asked: Date[] = [];
    const vendor = { sent: [] as string[], asked, fail: new ValidationError('vendor: 400') as Error };
    await expect(run(T0, vendor)).rejects.toBeInstanceOf(ValidationError);
    expect((await intent()).status).toBe('refused');
    expect(await run(new Date(T0.getTime() + 1_000), vendor)).toMatchObject({ kind: 'handle', via: 'answer' });
    expect(asked).toEqual([]);
  });

  it("a vendor that cannot tell stops the step; an operator's Retry (audited) is what allows the next send", async () => {
    db = await createTestDatabase(dialect);
    const vendor = {
      sent: [] as string[],
      fail: new OutcomeUnknownError('timeout') as Error,
      lookup: { state: 'unknown', detail: 'no command history' } as Lookup<Handle>,
    };
    await expect(run(T0, vendor)).rejects.toBeInstanceOf(OutcomeUnknownError);
    const stopped = await run(new Date(T0.getTime() + 120_000), vendor).catch((e: unknown) => e);
    expect(stopped).toBeInstanceOf(PermanentError);
    expect((stopped as Error).message).toMatch(/cannot tell whether the wipe .* reached dev-1 \(no command history\).*Retry sends it again/);
    await expect(run(new Date(T0.getTime() + 130_000), vendor)).rejects.toBeInstanceOf(PermanentError);
    expect(vendor.sent).toHaveLength(1);
    await db.prisma.auditEvent.create({ data: { workflowId: WORKFLOW_ID, stepKey: STEP_KEY, actor: 'U_HELPDESK', action: 'step.retry' } });
    expect(await run(new Date(T0.getTime() + 140_000), vendor)).toMatchObject({ kind: 'handle', via: 'answer' });
    expect(vendor.sent).toHaveLength(2);
    expect(await intent()).toMatchObject({ operatorRound: 1, sends: 2, status: 'accepted' });
  });

  it('a change the vendor already shows is applied; a vendor still settling says when to ask again', async () => {
    db = await createTestDatabase(dialect);
    const vendor = {
      sent: [] as string[],
      fail: new OutcomeUnknownError('reset') as Error,
      lookup: { state: 'settling', retryAfterMs: 30_000, detail: 'activity may still run' } as Lookup<Handle>,
    };
    await expect(run(T0, vendor)).rejects.toBeInstanceOf(OutcomeUnknownError);
    const later = new Date(T0.getTime() + 10_000);
    expect(await run(later, vendor)).toEqual({ kind: 'wait', until: new Date(later.getTime() + 30_000), detail: 'activity may still run' });
    vendor.lookup = { state: 'applied' };
    expect(await run(new Date(T0.getTime() + 40_000), vendor)).toEqual({ kind: 'applied' });
    expect(await intent()).toMatchObject({ status: 'done', resolvedBy: 'lookup' });
    expect(await run(new Date(T0.getTime() + 50_000), vendor)).toEqual({ kind: 'applied' });
    expect(vendor.sent).toHaveLength(1);
  });

  it('two runs of the step at the same moment send once', async () => {
    db = await createTestDatabase(dialect);
    const vendor = { sent: [] as string[] };
    const results = await Promise.all([run(T0, vendor), run(T0, vendor), run(T0, vendor)]);
    expect(vendor.sent).toHaveLength(1);
    expect(results.filter((r) => r.kind === 'handle' && r.via === 'answer')).toHaveLength(1);
    // the others follow the stored handle, or wait while the first call may still be on its way
    for (const r of results) expect(['handle', 'wait']).toContain(r.kind);
  });

  function stepRunWith(now: Date) {
    const { ctx } = stepRun({ now });
    ctx.services = { ...ctx.services, db: db.prisma } as Services;
    return ctx;
  }
});
