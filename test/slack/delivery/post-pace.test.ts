// The pace of a channel's posts after a 429 (issue 16): Retry-After is honoured as before, and the channel's
// interval is widened for a while — by WIDEN_STEP per 429, up to WIDEN_MAX, whole for WIDEN_INTERVALS intervals,
// then fading out over as many — so that event-loop stalls that cost one 429 do not cost the next ones too. On a
// fake clock: the sleeps advance it, so every gap is exact.
import { describe, expect, it } from 'vitest';
import type { RateCap, SharedBudgets } from '../../../src/http/limits';
import { PostPace, WIDEN_INTERVALS, WIDEN_MAX, WIDEN_STEP } from '../../../src/slack/delivery/post-pace';
import { outboxWorld } from './outbox-support';

const INTERVAL = 1_100;
const SPAN = INTERVAL * WIDEN_INTERVALS;

function fakeClock() {
  let t = 1_000_000;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
    sleep: async (ms: number) => {
      t += ms;
    },
  };
}

/** The gaps between the starts of `n` posts in one channel, posted back to back. */
async function gaps(pace: PostPace, clock: ReturnType<typeof fakeClock>, n: number): Promise<number[]> {
  const starts: number[] = [];
  for (let i = 0; i < n; i++) {
    await pace.acquire('C1');
    starts.push(clock.now());
  }
  return starts.slice(1).map((at, i) => at - starts[i]!);
}

describe('PostPace after a 429', () => {
  it('waits for Retry-After, then posts 25 % further apart for about a minute; the widening fades out after it', async () => {
    const clock = fakeClock();
    const pace = new PostPace(INTERVAL, clock.sleep, undefined, clock.now);
    expect(await gaps(pace, clock, 3)).toEqual([INTERVAL, INTERVAL]);

    const before = clock.now();
    pace.holdFor('C1', 2_000);
    await pace.acquire('C1');
    expect(clock.now() - before).toBe(2_000); // Retry-After, as before
    const widened = Math.round(INTERVAL * (1 + WIDEN_STEP));
    expect(await gaps(pace, clock, 4)).toEqual([widened, widened, widened]);
    // only the channel that had the 429
    expect(pace.intervalOf('C2')).toBe(INTERVAL);

    // whole for the first span, halfway faded in the middle of the second, gone after it
    clock.advance(before + SPAN - clock.now());
    expect(pace.intervalOf('C1')).toBe(widened);
    clock.advance(SPAN / 2);
    expect(pace.intervalOf('C1')).toBe(Math.round(INTERVAL * (1 + WIDEN_STEP / 2)));
    clock.advance(SPAN / 2);
    expect(pace.intervalOf('C1')).toBe(INTERVAL);
    expect(await gaps(pace, clock, 3)).toEqual([INTERVAL, INTERVAL]);
  });

  it('repeated 429s widen further, up to twice the interval, each one restarting the minute', () => {
    const clock = fakeClock();
    const pace = new PostPace(INTERVAL, clock.sleep, undefined, clock.now);
    pace.holdFor('C1', 1_000);
    clock.advance(SPAN / 2);
    pace.holdFor('C1', 1_000);
    expect(pace.intervalOf('C1')).toBe(Math.round(INTERVAL * (1 + 2 * WIDEN_STEP)));
    clock.advance(SPAN - 1);
    expect(pace.intervalOf('C1')).toBe(Math.round(INTERVAL * (1 + 2 * WIDEN_STEP)));
    for (let i = 0; i < 10; i++) pace.holdFor('C1', 1_000);
    expect(pace.intervalOf('C1')).toBe(INTERVAL * (1 + WIDEN_MAX));
  });

  it('takes the widened slot in the shared budget, so the other processes wait for it too', async () => {
    const clock = fakeClock();
    const windows: number[] = [];
    const shared: SharedBudgets = {
      concurrency: () => {
        throw new Error('not used');
      },
      rate: (key: string, limit: number, windowMs: number): RateCap => ({
        acquire: async () => {
          expect([key, limit]).toEqual(['slack:C1', 1]);
          windows.push(windowMs);
        },
      }),
    };
    const pace = new PostPace(INTERVAL, clock.sleep, shared, clock.now);
    await pace.acquire('C1');
    pace.holdFor('C1', 1_000);
    await pace.acquire('C1');
    expect(windows).toEqual([INTERVAL, Math.round(INTERVAL * (1 + WIDEN_STEP))]);
  });

  it('an unpaced outbox (interval 0, tests) stays unpaced after a 429, apart from Retry-After', async () => {
    const clock = fakeClock();
    const pace = new PostPace(0, clock.sleep, undefined, clock.now);
    pace.holdFor('C1', 1_000);
    expect(pace.intervalOf('C1')).toBe(0);
    const before = clock.now();
    expect(await gaps(pace, clock, 3)).toEqual([0, 0]);
    expect(clock.now() - before).toBe(1_000);
  });
});

describe('the outbox after a 429 on a post (SQLite, fake Slack)', () => {
  const world = outboxWorld('sqlite', 'xoxb-post-pace-test', { channels: ['C1'] });

  it('the channel waits for Retry-After, then posts at the widened interval, each message once', async () => {
    const interval = 400;
    const box = world.outbox({ intervalMs: interval });
    world.slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    for (let i = 0; i < 4; i++) await box.enqueue({ kind: 'post', channel: 'C1', payload: { text: `one-${i}` } });
    await box.drain();
    await new Promise((r) => setTimeout(r, 1_050));
    await box.drain();
    const calls = world.slack.callsTo('chat.postMessage');
    expect(calls.map((c) => c.status)).toEqual([429, 200, 200, 200, 200]);
    // each once and in order: the channel's later messages wait behind the one that had the 429 (post-line.ts)
    expect(calls.map((c) => c.args.text)).toEqual(['one-0', 'one-0', 'one-1', 'one-2', 'one-3']);
    expect(world.slack.channelMessages('C1').map((m) => m.text)).toEqual(['one-0', 'one-1', 'one-2', 'one-3']);
    // three gaps after the 429 at the widened interval (500 ms), not the plain one (400 ms): measured where the calls
    // arrive, so a late first arrival may shorten the span a little (the 100 ms allowed), never lengthen the pace
    const sent = calls.slice(1).map((c) => c.at);
    expect(sent[3]! - sent[0]!).toBeGreaterThanOrEqual(3 * interval * (1 + WIDEN_STEP) - 100);
  });
});
