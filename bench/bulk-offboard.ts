// Issue 16: how close does a bulk offboarding come to what the systems we call allow? LEAVERS people with one or
// two devices each (Intune and Jamf Pro mixed, ADE and not, wipe and not) go through the real bot — Bolt app over
// signed HTTP, engine, adapters, outbox; src/runtime/bot.ts in PROCESSES child processes — started the way the
// helpdesk does it (the CSV uploaded in /device offboard-bulk) and approved in Slack, against local fake Graph,
// Jamf Pro, ABM and Slack servers that enforce the documented limits (bench/bulk/world.ts, docs/limits.md).
//
// The floor is what the limits alone allow: for each system, the calls the bot made to it ÷ its documented limit;
// the largest of them. Printed with the measured time, their ratio, requests over a limit, 429s received, Slack
// messages per device and duplicate destructive calls. Target: time ≤ 1.2 × floor, 0 over a limit, 0 duplicates,
// ≤ 6 Slack posts per device.
//
// TIME_SCALE (default 10) divides every time window — the vendors' limits, their answer times, the bot's Slack
// pace and polls — so that a run takes minutes, not hours; figures are printed scaled and in real time (× scale).
// Run: npx tsx bench/bulk-offboard.ts   (LEAVERS=1000 PROCESSES=1,2 DIALECT=postgresql|sqlite TIME_SCALE=10
// TIMEOUT_MIN=15; TEST_POSTGRES_URL chooses the server, default the local test one)
import type { Dialect } from '../src/db/client';
import { runBulk, type RunResult } from './bulk/run';
import { DOCUMENTED, VENDOR_LATENCY_MS } from './bulk/world';

const LEAVERS = Number(process.env.LEAVERS ?? 1_000);
const PROCESSES = (process.env.PROCESSES ?? '1,2').split(',').map(Number);
const DIALECT = (process.env.DIALECT ?? 'postgresql') as Dialect;
const TIME_SCALE = Number(process.env.TIME_SCALE ?? 10);
const TIMEOUT_MIN = Number(process.env.TIMEOUT_MIN ?? 15);

interface Floor {
  system: string;
  calls: number;
  limit: string;
  /** real seconds the limit needs for these calls */
  seconds: number;
}

/** Each system's floor in real seconds, from the calls it served (429s excluded: they are not calls it needed). */
function floors(r: RunResult): Floor[] {
  const p = r.world.proxies;
  const writes = p.graph.served('graph writes').total;
  const requests = p.graph.served('graph requests').total;
  const posts = p.slack.served('slack posts');
  const updates = p.slack.served('slack updates').total;
  const w = DOCUMENTED;
  return [
    { system: 'Graph (Intune) writes', calls: writes, limit: '200 / 20 s', seconds: (writes / w.graphWrites.limit) * (w.graphWrites.windowMs / 1000) },
    {
      system: 'Graph (Intune) requests',
      calls: requests,
      limit: '2,000 / 20 s',
      seconds: (requests / w.graphRequests.limit) * (w.graphRequests.windowMs / 1000),
    },
    {
      system: 'Jamf Pro',
      calls: p.jamf.counts.served,
      limit: `5 connections × ${VENDOR_LATENCY_MS} ms`,
      seconds: (p.jamf.counts.served * VENDOR_LATENCY_MS) / 1000 / w.jamfConnections,
    },
    { system: 'Slack chat.postMessage (busiest channel)', calls: posts.busiest, limit: '1 / s / channel', seconds: posts.busiest / w.slackPosts.perSecond },
    { system: 'Slack chat.update', calls: updates, limit: '50 / min', seconds: (updates / w.slackUpdates.limit) * (w.slackUpdates.windowMs / 1000) },
    { system: 'Apple Business Manager', calls: p.abm.counts.served, limit: 'none published', seconds: 0 },
  ];
}

function report(processes: number, r: RunResult): boolean {
  const p = r.world.proxies;
  const list = floors(r);
  const floor = list.reduce((a, b) => (b.seconds > a.seconds ? b : a));
  const measured = (r.elapsedMs / 1000) * TIME_SCALE;
  const received429 = p.graph.refusedTotal + p.slack.refusedTotal + p.jamf.refusedTotal + p.abm.refusedTotal;
  const overLimit = received429 + p.jamf.counts.overConnections;
  const postsPerDevice = r.slackPosts / r.devices;
  const s = (real: number) => `${(real / TIME_SCALE).toFixed(1)} s scaled = ${real.toFixed(0)} s real`;
  console.log(
    `\n== ${processes} process(es), ${DIALECT}, time scale ${TIME_SCALE}: ${LEAVERS} leavers, ${r.devices} devices; workflows ${JSON.stringify(r.statuses)}`,
  );
  console.log('system | calls | documented limit | floor');
  for (const f of list) console.log(`${f.system} | ${f.calls} | ${f.limit} | ${s(f.seconds)}`);
  const rows: [string, string, boolean][] = [
    [
      'finished',
      r.finished ? 'yes' : `no: stopped after TIMEOUT_MIN=${TIMEOUT_MIN} with ${r.slackWaiting} Slack messages waiting; the figures are the part done`,
      r.finished,
    ],
    ['floor (largest)', `${s(floor.seconds)} (${floor.system})`, true],
    // the bot keeps 1.1 s between two posts to a channel, 10 % under Slack's 1 per second: the best it can do
    ["the bot's own Slack pace (busiest channel × 1.1 s)", s(p.slack.served('slack posts').busiest * 1.1), true],
    ['measured', s(measured), true],
    ['measured ÷ floor', floor.seconds ? (measured / floor.seconds).toFixed(2) : '—', floor.seconds > 0 && measured <= 1.2 * floor.seconds],
    [
      'requests over a limit',
      `${overLimit} (${[p.graph, p.slack].flatMap((x) => [...x.counts.refused].map(([rule, n]) => `${rule} ${n}`)).join(', ') || 'no 429'}; ` +
        `Jamf over 5 connections ${p.jamf.counts.overConnections}, max ${p.jamf.counts.maxInFlight} at once)`,
      overLimit === 0,
    ],
    ['429s received', String(received429), received429 === 0],
    [
      'Slack posts per device',
      `${postsPerDevice.toFixed(2)} (${r.slackPosts} posts: ${r.postsBy.topLevel} in the channel, ${r.postsBy.threads} in threads, ${r.postsBy.dms} DMs; ` +
        `${r.slackUpdates} edits = ${(r.slackUpdates / r.devices).toFixed(2)} per device)`,
      postsPerDevice <= 6,
    ],
    ['duplicate destructive calls', String(r.duplicates), r.duplicates === 0],
    ['approvals pressed', `${r.presses} (${r.failedPresses} not answered 200)`, r.failedPresses === 0],
    ['Block Kit violations', String(r.world.slack.violations.length), r.world.slack.violations.length === 0],
  ];
  for (const [name, value, ok] of rows) console.log(`${ok ? '  ' : '✗ '}${name}: ${value}`);
  return rows.every(([, , ok]) => ok) && (r.statuses.succeeded ?? 0) === LEAVERS;
}

let allOk = true;
for (const processes of PROCESSES) {
  console.log(`\n-- ${processes} bot process(es) on ${DIALECT}, ${LEAVERS} leavers, time scale ${TIME_SCALE}`);
  const result = await runBulk({
    leavers: LEAVERS,
    processes,
    dialect: DIALECT,
    timeScale: TIME_SCALE,
    timeoutMs: TIMEOUT_MIN * 60_000,
    log: (line) => console.log(`   ${line}`),
  });
  allOk = report(processes, result) && allOk;
}
console.log(allOk ? '\nevery target met' : '\nFAILED: a target (✗) is not met');
process.exit(allOk ? 0 : 1);
