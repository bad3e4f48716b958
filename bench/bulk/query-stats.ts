// BENCH_QUERY_STATS (bench/bulk/bot-process.ts): counts the SQL statements a bot process sends to PostgreSQL, by
// their text, to see which statements a bulk run's cost per device is made of. Every statement costs a round trip
// and a socket write, which on the development machine is a large share of the bot's CPU (issue 16).
import pg from 'pg';

export interface QueryStats {
  /** the `top` most frequent statements, with their counts and the total */
  report(top: number): string;
}

export function countQueries(): QueryStats {
  const counts = new Map<string, number>();
  let total = 0;
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const query = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text?: string } | undefined;
    const text = typeof first === 'string' ? first : (first?.text ?? '?');
    // the statement's shape: parameters are already placeholders; long IN lists and whitespace are folded
    const key = text
      .replace(/\s+/g, ' ')
      .replace(/(\$\d+,\s*)+\$\d+/g, '$…')
      .slice(0, 220);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    total++;
    return query.apply(this, args);
  };
  return {
    report(top) {
      const rows = [...counts].sort((a, b) => b[1] - a[1]).slice(0, top);
      return [`SQL statements: ${total}`, ...rows.map(([k, n]) => `${String(n).padStart(7)}  ${k}`), ''].join('\n');
    },
  };
}
