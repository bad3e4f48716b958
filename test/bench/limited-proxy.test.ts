// The proxy the bulk benchmark (bench/bulk-offboard.ts) puts in front of each fake system: its figures are only
// worth something if it refuses what a documented rate limit refuses, answers the system's 429 with Retry-After,
// counts connections beyond the documented number, and passes everything else through unchanged.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LimitedProxy } from '../../bench/bulk/limited-proxy';

let target: Server;
let proxy: LimitedProxy;

async function start(options: Omit<ConstructorParameters<typeof LimitedProxy>[0], 'target' | 'tooMany'>): Promise<void> {
  target = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += String(c)));
    req.on('end', () => res.writeHead(201, { 'content-type': 'text/plain', 'x-seen': req.url ?? '' }).end(`echo ${req.method} ${body}`));
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
  proxy = await new LimitedProxy({ target: url, tooMany: (rule) => ({ error: { code: 'TooManyRequests', rule: rule.name } }), ...options }).start();
}

afterEach(async () => {
  await proxy.close();
  await new Promise((r) => target.close(r));
});

describe('LimitedProxy (bench/bulk)', () => {
  it('passes requests through and answers 429 + Retry-After once a rule’s window is full, per key', async () => {
    await start({
      rates: [{ name: 'writes', limit: 2, windowMs: 60_000, key: (r) => (r.method === 'POST' ? (new URLSearchParams(r.body).get('channel') ?? '-') : null) }],
      ignore: (r) => r.path === '/token',
    });
    const post = (channel: string) => fetch(`${proxy.url}/api/x?q=1`, { method: 'POST', body: `channel=${channel}` });
    const first = await post('A');
    expect(first.status).toBe(201);
    expect(first.headers.get('x-seen')).toBe('/api/x?q=1');
    expect(await first.text()).toBe('echo POST channel=A');
    expect((await post('A')).status).toBe(201);
    const refused = await post('A');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
    expect(await refused.json()).toEqual({ error: { code: 'TooManyRequests', rule: 'writes' } });
    // another key has a window of its own; reads and ignored paths are not limited
    expect((await post('B')).status).toBe(201);
    expect((await fetch(`${proxy.url}/api/x`)).status).toBe(201);
    expect((await fetch(`${proxy.url}/token`, { method: 'POST', body: 'channel=A' })).status).toBe(201);
    expect(proxy.counts.refused.get('writes')).toBe(1);
    expect(proxy.served('writes')).toEqual({ total: 3, busiest: 2 });
    expect(proxy.counts.served).toBe(4);
  });

  it('counts requests arriving beyond the documented connections, and still serves them', async () => {
    await start({ connections: 2, latencyMs: 100 });
    const answers = await Promise.all(Array.from({ length: 4 }, () => fetch(`${proxy.url}/api/y`)));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
    expect(proxy.counts.overConnections).toBe(2);
    expect(proxy.counts.maxInFlight).toBe(4);
    expect(proxy.refusedTotal).toBe(0);
  });
});
