// The simulated fleet's sense of time. Commands complete at `completeAt`, so tests move a ManualClock
// forward instead of sleeping; the running bot uses the wall clock.

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to (scenario tests, benchmarks). */
export class ManualClock implements Clock {
  private current: number;
  constructor(start: Date | number = Date.UTC(2026, 3, 1, 0, 0, 0)) {
    this.current = typeof start === 'number' ? start : start.getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): Date {
    if (ms < 0) throw new Error('a clock cannot go backwards');
    this.current += ms;
    return this.now();
  }
  set(at: Date): void {
    this.current = at.getTime();
  }
}
