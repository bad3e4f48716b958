// Issue 12, "each destructive call once": a real bot process (bot-worker.ts: the engine, the offboarding workflow,
// the Jamf Pro / Intune / ABM adapters) against the fake vendors, SIGKILLed at every point around every
// destructive call of a wipe, a record deletion, a lost-mode and an ABM step:
//   before   — the intent is written, the call is not made
//   accepted — the vendor carried it out, the answer never reached the bot (killed from the vendor's side)
//   after    — the answer reached the bot, which died before recording it
// and restarted after each kill. One offboarding per crash point, one after the other (so that no other kill
// can cut the designated call short). The vendors' request logs must show each destructive call on each
// device once, and every offboarding must finish.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../../adapters/fake-http';
import { DIALECTS } from '../../support/databases';
import { endOf, journalLines, spawnBot, type BotProcess } from './processes';
import { classify, openWorld, type CallName, type Opened, type Scenario } from './world';

const WHEN = ['before', 'accepted', 'after'] as const;
const CALLS: CallName[] = ['wipe', 'delete', 'disable_lost_mode', 'unassign'];

/** The device a call of the scenario acts on, as the port and the vendor name it. */
function deviceOf(s: Scenario, call: CallName): string {
  return call === 'unassign' ? s.serialA : call === 'disable_lost_mode' || call === 'retire' ? s.intuneId : s.jamfId;
}

describe.each(DIALECTS)('destructive calls around SIGKILLs (%s)', (dialect) => {
  let opened: Opened | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await opened?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('kill before, while and after each call; restart; every call arrived once', async () => {
    // One offboarding per crash point, so that each point meets the first send of its call.
    opened = await openWorld(dialect, { scenarios: WHEN.length * CALLS.length });
    const { world, db, env } = opened;
    const points = world.scenarios.map((s, i) => `${WHEN[Math.floor(i / CALLS.length)]}:${CALLS[i % CALLS.length]}:${deviceOf(s, CALLS[i % CALLS.length]!)}`);
    dir = mkdtempSync(join(tmpdir(), 'devicebot-once-'));
    const journal = join(dir, 'journal.log');
    const exitFile = join(dir, 'exit');

    const remaining = new Set(points);
    const hits: string[] = [];
    let current: BotProcess | undefined;
    // "accepted": the vendor has carried the call out; the bot is killed before the answer leaves.
    const killOnAccepted = (vendor: 'jamf' | 'intune' | 'abm') => async (req: RecordedRequest) => {
      const c = classify(vendor, req, world.scenarios);
      const point = c?.accepted ? `accepted:${c.call}:${c.device}` : null;
      if (!point || !remaining.has(point) || !current) return;
      remaining.delete(point);
      hits.push(point);
      await current.kill();
    };
    world.jamf.http.onAnswer = killOnAccepted('jamf');
    world.intune.http.onAnswer = killOnAccepted('intune');
    world.abm.http.onAnswer = killOnAccepted('abm');

    // One bot process at a time; the next one is started ahead and told to go when the current one dies, so a
    // restart costs no start-up time (the steps the dead one held still wait for their lease to lapse).
    const next = (life: number) => spawnBot({ env, url: db.url, schema: db.schema, instanceId: `bot-${life}`, journal, exitFile }, { ready: true });
    let lives = 0;
    const supervised = (async () => {
      let waiting = next(0);
      for (; ; lives++) {
        current = waiting;
        current.go([...remaining].filter((p) => !p.startsWith('accepted:')));
        waiting = next(lives + 1);
        const code = await endOf(current, 120_000);
        for (const line of journalLines(journal)) {
          const point = line.split(' ')[1]!;
          if (line.startsWith('hit ') && remaining.delete(point)) hits.push(point);
        }
        if (code === 0 || lives > points.length + 2) {
          await waiting.kill();
          return code;
        }
        if (code !== null) throw new Error(`a bot process failed (${code}):\n${current.stderr()}`);
      }
    })();

    const ids: string[] = [];
    for (const s of world.scenarios) {
      const id = await opened.start(s);
      ids.push(id);
      const view = await Promise.race([opened.finished(id, 60_000), supervised.then(() => Promise.reject(new Error('the bot stopped early')))]);
      // on a failure, say which step stopped and why (a flaky run is diagnosed from CI's log alone)
      const stopped =
        view.status === 'succeeded'
          ? []
          : await db.prisma.workflowStep.findMany({ where: { workflowId: id, status: 'failed' }, select: { key: true, lastError: true } });
      expect(view.status, `scenario ${points[s.index]} ${JSON.stringify(stopped)}`).toBe('succeeded');
    }
    writeFileSync(exitFile, '');
    expect(await supervised).toBe(0);

    expect(remaining, 'crash points never reached').toEqual(new Set());
    expect(hits.sort()).toEqual([...points].sort());
    expect(lives).toBe(points.length); // a life per crash point, then the one that finished
    const counts = world.callCounts();
    for (const s of world.scenarios)
      for (const call of [...CALLS, 'retire'] as CallName[])
        expect(counts.get(`${call}:${deviceOf(s, call)}`), `${call} (scenario ${points[s.index]})`).toEqual({ arrived: 1, accepted: 1 });

    // What the intent rows say about the POSTs: a call killed before it went out was sent again once the vendor
    // showed nothing; one whose answer was lost was found at the vendor and not sent again. (On a loaded machine a
    // 1 s lease can lapse under a running step: the second run then finds the first one's call at the vendor.)
    const intents = await db.prisma.commandIntent.findMany();
    for (const point of points.filter((p) => !p.includes(':delete:'))) {
      const [when, call, device] = point.split(':') as [string, string, string];
      const row = intents.find((r) => r.device === device && r.action === (call === 'unassign' ? 'UNASSIGN_DEVICES' : call));
      if (when === 'before') expect(row?.sends, point).toBe(2);
      // (ABM: the step may find the device already unassigned and finish before asking about its activity)
      else if (call !== 'unassign') expect(row, point).toMatchObject({ sends: 1, resolvedBy: 'lookup' });
    }
  }, 300_000);
});
