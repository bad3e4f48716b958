// Issue 12's multi-process proof at size: two, then four bot processes on one PostgreSQL database run 500
// offboardings (each: a Jamf Pro iPhone erased, its record deleted and unassigned in ABM; an Intune iPhone taken out
// of lost mode and retired) against the local fake vendors, while random processes are SIGKILLed and replaced.
// Prints, for each run, what must be 0: steps that ran in two places at once, approvals taken twice or lost, and
// devices that received a destructive call twice — plus how long it took.
// Run: npx tsx bench/destructive-once.ts   (WORKFLOWS=500 KILLS=12 KILL_EVERY_MS=4000 LEASE_MS=10000 PROCESSES=2,4;
// TEST_POSTGRES_URL chooses the server, default the local test one)
import { runFleet, type FleetReport } from '../test/workflows/destructive-once/fleet';

const WORKFLOWS = Number(process.env.WORKFLOWS ?? 500);
const KILLS = Number(process.env.KILLS ?? 12);
const KILL_EVERY_MS = Number(process.env.KILL_EVERY_MS ?? 4_000);
const LEASE_MS = Number(process.env.LEASE_MS ?? 10_000);
const PROCESSES = (process.env.PROCESSES ?? '2,4').split(',').map(Number);

const rows: [number, FleetReport][] = [];
for (const processes of PROCESSES) {
  console.log(`\n== ${processes} bot processes, ${WORKFLOWS} offboardings, ${KILLS} SIGKILLs (lease ${LEASE_MS} ms)`);
  const report = await runFleet({
    processes,
    workflows: WORKFLOWS,
    kills: KILLS,
    killEveryMs: KILL_EVERY_MS,
    leaseMs: LEASE_MS,
    timeoutMs: 30 * 60_000,
    log: (line) => console.log(`   ${line}`),
  });
  rows.push([processes, report]);
}

console.log(
  '\nprocesses | workflows succeeded | SIGKILLs | step runs | steps run twice at once | decisions taken twice | decisions lost | devices with a duplicate destructive call | destructive calls | seconds',
);
for (const [processes, r] of rows)
  console.log(
    [
      processes,
      `${r.succeeded}/${r.workflows}`,
      r.kills,
      r.stepRuns,
      r.stepsRunTwiceAtOnce,
      r.decisionsTakenTwice,
      r.decisionsLost,
      r.devicesWithDuplicateCalls,
      r.destructiveCalls,
      (r.elapsedMs / 1000).toFixed(1),
    ].join(' | '),
  );
const bad = rows.some(
  ([, r]) => r.succeeded !== r.workflows || r.stepsRunTwiceAtOnce || r.decisionsTakenTwice || r.decisionsLost || r.devicesWithDuplicateCalls,
);
console.log(bad ? '\nFAILED: a count that must be 0 is not' : '\nall counts that must be 0 are 0');
process.exit(bad ? 1 : 0);
