// Which skips the thread hears of (src/slack/delivery/skip-notice.ts), with the real progress observer on both
// databases, in a Japanese helpdesk channel: a skip the bot makes itself because its goal was already met posts
// nothing (the checklist shows ⏭); an operator's Skip is said with who and why; a bot's skip that carries a message
// ("ABM is not configured") is said from the catalogue in the channel's language, never with the English reason
// kept for the audit trail — whether heard as the event or read back from the row (said before a dependent starts).
import { describe, expect } from 'vitest';
import { stepOutcome } from '../../../src/engine/step-outcome';
import type { StepResult, TransitionEvent } from '../../../src/engine/types';
import { releaseOldFromAbm } from '../../../src/workflows/replacement/actions/release-old-from-abm';
import { englishWords } from '../../i18n/language-rules';
import { DIALECTS } from '../../support/databases';
import { stepRun } from '../../workflows/support/step-context';
import { partsTest, progressReporter as reporter, startTestWorkflow, threadLines, USERS } from '../harness';

const ENGINE = 'engine:test-1';
const skipped = (workflowId: string, stepKey: string, detail: unknown, actor = ENGINE): TransitionEvent => ({
  type: 'step',
  workflowId,
  workflowKind: 'replacement',
  stepKey,
  from: 'running',
  to: 'skipped',
  actor,
  at: new Date(),
  detail: detail as TransitionEvent['detail'],
});

/** What the engine records for a step result: the event's detail and the row's output (step-outcome.ts). */
function recorded(result: StepResult) {
  const outcome = stepOutcome({ failures: 0, maxAttempts: 3, stateJson: null }, { result }, false, new Date(), {
    backoffBaseMs: 1,
    backoffMaxMs: 1,
    random: () => 0.5,
  });
  return { detail: outcome.detail, outputJson: outcome.update.outputJson as string | null };
}

/** The real "abm-old" step of a replacement with no ABM configured. */
async function abmNotConfigured(): Promise<StepResult> {
  const { ctx } = stepRun({ input: { serial: 'F17XK0AB12', how: 'unassign', serverId: null, serverName: null, pollMs: 1, timeoutMs: 1 } });
  return releaseOldFromAbm(ctx);
}

describe.each(DIALECTS)('skips in a Japanese thread on %s', (dialect) => {
  const it = partsTest(dialect, { env: { DEFAULT_LOCALE: 'ja' } });

  it("the bot's own skip without a message posts nothing; an operator's Skip says who and why", async ({ parts }) => {
    const progress = reporter(parts);
    const wf = await startTestWorkflow(parts);
    const before = await threadLines(parts, progress, wf.id);
    const gone = recorded({ status: 'skip', reason: 'the record is already gone', output: { alreadyGone: true } });
    expect(gone.detail).toBe('the record is already gone'); // the audit trail keeps the reason
    await progress.observer(skipped(wf.id, 'release', gone.detail));
    await progress.observer(skipped(wf.id, 'ledger', 'deleted by hand in the console', USERS.helpdesk));
    const added = (await threadLines(parts, progress, wf.id)).slice(before.length);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(/^⏭️ スキップ: \*.+\*（<@U0HELPDESK>）— deleted by hand in the console$/);
  });

  it('"ABM is not configured" is said in Japanese, with no English, and its English reason stays in the audit trail', async ({ parts }) => {
    const progress = reporter(parts);
    const wf = await startTestWorkflow(parts);
    const before = await threadLines(parts, progress, wf.id);
    const result = await abmNotConfigured();
    expect(result).toMatchObject({ status: 'skip', reason: 'ABM is not configured (ABM_PROVIDER=none)' });
    await progress.observer(skipped(wf.id, 'release', recorded(result).detail));
    const added = (await threadLines(parts, progress, wf.id)).slice(before.length);
    expect(added).toHaveLength(1);
    expect(added[0]).toContain('ABM が設定されていないため');
    expect(added[0]).toContain('F17XK0AB12');
    expect(added[0]).not.toContain('ABM_PROVIDER');
    // (the test workflow's step titles are plain English fixtures: the words judged are the bot's, after the dash)
    expect(added[0]).toMatch(/^⏭️ スキップ: \*.+\*（ボット）— /);
    expect(englishWords(added[0]!.split('— ')[1]!)).toEqual([]);
  });

  it('a skip heard late (read back from its row before a dependent starts) follows the same rule', async ({ parts }) => {
    const progress = reporter(parts);
    const wf = await startTestWorkflow(parts);
    const before = await threadLines(parts, progress, wf.id);
    // both the plan (a bot's skip, goal met) and the approval (a bot's skip with a message) were skipped in the commit
    // that let "release" start; the events about them come later
    const planRow = recorded({ status: 'skip', reason: 'nothing to plan', output: { planned: false } });
    const approveRow = recorded(await abmNotConfigured());
    await parts.db.prisma.workflowStep.updateMany({ where: { workflowId: wf.id, key: 'plan' }, data: { status: 'skipped', outputJson: planRow.outputJson } });
    await parts.db.prisma.workflowStep.updateMany({
      where: { workflowId: wf.id, key: 'approve' },
      data: { status: 'skipped', outputJson: approveRow.outputJson },
    });
    await parts.db.prisma.workflowStep.updateMany({
      where: { workflowId: wf.id, key: 'release' },
      data: { dependsOnJson: JSON.stringify(['plan', 'approve']) },
    });
    await progress.observer({ ...skipped(wf.id, 'release', null), from: 'pending', to: 'running' });
    await progress.observer(skipped(wf.id, 'plan', planRow.detail));
    await progress.observer(skipped(wf.id, 'approve', approveRow.detail));
    const added = (await threadLines(parts, progress, wf.id)).slice(before.length);
    expect(added).toHaveLength(1);
    expect(added[0]).toContain('ABM が設定されていないため');
    expect(JSON.parse(approveRow.outputJson!)).toEqual({ message: { key: 'replacement.abm.notConfigured.old', params: { serial: 'F17XK0AB12' } } });
  });
});
