// The multi-process proof, small (bench/destructive-once.ts runs the big one): two bot processes on PostgreSQL,
// 40 offboardings, a few SIGKILLs with a new process taking each dead one's place. No step runs in two places at
// once, no approval is taken twice or lost, no device receives a destructive call twice, and every offboarding
// finishes.
import { describe, expect, it } from 'vitest';
import { runFleet } from './fleet';

describe('several bot processes, killed at random (PostgreSQL)', () => {
  it('2 processes, 40 offboardings, 3 SIGKILLs: each step once at a time, each decision once, each call once', async () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    // A lease far shorter than production's 60 s, but longer than a cold process on a busy machine stalls (a stall
    // longer than the lease lets another process take a running step over: that is what leases are).
    const report = await runFleet({ processes: 2, workflows: 40, kills: 3, killEveryMs: 3_000, leaseMs: 5_000, timeoutMs: 120_000, random });
    expect(report.kills).toBe(3);
    expect(report.succeeded).toBe(40);
    expect(report.stepsRunTwiceAtOnce).toBe(0);
    expect(report.decisionsTakenTwice).toBe(0);
    expect(report.decisionsLost).toBe(0);
    expect(report.devicesWithDuplicateCalls).toBe(0);
    // 40 × (erase, record deletion, ABM unassign, lost mode off, retire)
    expect(report.destructiveCalls).toBe(200);
  }, 180_000);
});
