// The one concurrency limiter (src/http/limits.ts Semaphore), used by the HTTP client for vendor caps and by the
// Slack layer for work after an ack: never more than `max` at once, served in order, idle() waits for all.
import { describe, expect, it } from 'vitest';
import { Semaphore } from '../../src/http/limits';

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe('Semaphore', () => {
  it('runs at most `max` tasks at once and starts the waiting ones in order', async () => {
    const limit = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const results = await Promise.all(
      [0, 1, 2, 3, 4].map((i) =>
        limit.run(async () => {
          started.push(i);
          running++;
          peak = Math.max(peak, running);
          await tick();
          running--;
          return i * 10;
        }),
      ),
    );
    expect(results).toEqual([0, 10, 20, 30, 40]);
    expect(peak).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4]);
  });

  it('a failing task frees its slot and rejects only its own caller', async () => {
    const limit = new Semaphore(1);
    const failing = limit.run(async () => {
      throw new Error('vendor down');
    });
    const next = limit.run(async () => 'next ran');
    await expect(failing).rejects.toThrow('vendor down');
    expect(await next).toBe('next ran');
  });

  it('idle() waits for queued and running tasks, including ones started meanwhile, and survives failures', async () => {
    const limit = new Semaphore(1);
    const done: string[] = [];
    void limit.run(async () => {
      await tick(20);
      done.push('first');
      // work that queues more work: idle() must wait for it too
      void limit.run(async () => {
        await tick();
        done.push('follow-up');
      });
    });
    limit
      .run(async () => {
        throw new Error('ignored by idle');
      })
      .catch(() => undefined);
    void limit.run(async () => {
      done.push('queued');
    });
    await limit.idle();
    expect(done).toEqual(['first', 'queued', 'follow-up']);
    await limit.idle(); // nothing left: resolves at once
  });
});
