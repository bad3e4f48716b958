// The command line's progress (src/cli/progress.ts): a bar redrawn in place on a terminal, at most every
// minGapMs and always at the end; whole plain lines elsewhere (a file, a pipe, a CI log), one per tenth.
import { describe, expect, it } from 'vitest';
import { cliProgress, renderCliProgress } from '../../src/cli/progress';

function recorder(isTTY: boolean) {
  const writes: string[] = [];
  return { out: { isTTY, write: (text: string) => writes.push(text) }, writes };
}

describe('command-line progress', () => {
  it('on a terminal: one line redrawn with a bar, throttled, finished with a new line', () => {
    let now = 0;
    const { out, writes } = recorder(true);
    const tick = cliProgress(out, 'en', 'Starting the offboardings', { now: () => now, minGapMs: 100 });
    for (let done = 1; done <= 50; done++) {
      now += 10;
      tick(done, 50);
    }
    // 500 ms in steps of 10 ms: a redraw every 100 ms at most, and the last state
    expect(writes.length).toBeGreaterThanOrEqual(5);
    expect(writes.length).toBeLessThanOrEqual(7);
    expect(writes.every((w) => w.startsWith('\r[') && !w.slice(0, -1).includes('\n'))).toBe(true);
    expect(writes.at(-1)).toBe('\r[########################] Starting the offboardings: 50 of 50 (100%)\u001b[K\n');
    // the redraws between: a bar part-filled, the count, the time left, and the rest of the line cleared
    expect(writes[1]).toMatch(/^\r\[#+-+\] Starting the offboardings: \d+ of 50 \(\d+%\), under a minute left/);
    expect(writes[1]!.endsWith('left\u001b[K')).toBe(true);
  });

  it('elsewhere: plain lines, no carriage return or escape, one per tenth of the way and the last', () => {
    let now = 0;
    const { out, writes } = recorder(false);
    const tick = cliProgress(out, 'ja', '計画を作成中', { now: () => now });
    for (let done = 1; done <= 200; done++) {
      now += 1_000;
      tick(done, 200);
    }
    expect(writes).toHaveLength(10);
    expect(writes.join('')).not.toContain('\r');
    expect(writes.join('')).not.toContain('\u001b');
    expect(writes[0]).toBe('計画を作成中: 200 件中 20 件 (10%)、残り約 3 分\n');
    expect(writes.at(-1)).toBe('計画を作成中: 200 件中 200 件 (100%)\n');
  });

  it('renders one state as a bar or as a line', () => {
    const state = { label: 'x', done: 1, total: 4, elapsedMs: 1_000 };
    expect(renderCliProgress('en', { ...state, isTTY: false })).toBe('x: 1 of 4 (25%), under a minute left\n');
    expect(renderCliProgress('en', { ...state, isTTY: true })).toBe('\r[######------------------] x: 1 of 4 (25%), under a minute left\u001b[K');
  });
});
