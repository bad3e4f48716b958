// The vendor's view (issue 16): two bot processes' HTTP clients, each allowed Jamf Pro's 5 connections, talk to one
// server. With the shared budget the server never sees more than 5 requests at once; each client alone would
// allow 5, so without it the server would see up to 10.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createSharedBudgets } from '../../../src/db/budgets';
import { type Database, openDatabase } from '../../../src/db/client';
import { HttpClient } from '../../../src/http/client';
import { createTestDatabase, type TestDatabase } from '../../support/databases';

describe('HTTP clients of two processes share a vendor connection cap (PostgreSQL)', () => {
  let db: TestDatabase | undefined;
  let second: Database | undefined;
  let server: Server | undefined;
  afterEach(async () => {
    await second?.close();
    await db?.cleanup();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('never more than 5 requests at once at the server, and 5 are used', async () => {
    let open = 0;
    let most = 0;
    server = createServer((_req, res) => {
      open++;
      most = Math.max(most, open);
      setTimeout(() => {
        open--;
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      }, 150);
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    db = await createTestDatabase('postgresql');
    second = await openDatabase({ url: db.url, schema: db.schema, migrate: false });
    const clients = [db.prisma, second.prisma].map(
      (prisma) => new HttpClient({ system: 'jamf', baseUrl, concurrency: 5, shared: createSharedBudgets(prisma, { maxPollMs: 10 }) }),
    );
    await Promise.all(Array.from({ length: 40 }, (_, i) => clients[i % 2]!.get('/api/v1/mobile-devices')));
    expect(most).toBe(5);
  });
});
