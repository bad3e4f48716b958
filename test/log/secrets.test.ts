// Secrets never reach a log line or an error message: not from a logged config object, not from a failed
// HTTP call whose request carried a token and whose answer echoed it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load';
import { secretValues } from '../../src/config/secrets';
import { bearerAuth, HttpClient } from '../../src/http/client';
import { createLogger } from '../../src/log/logger';
import { registerSecrets, scrub } from '../../src/log/scrub';

const env = {
  SLACK_BOT_TOKEN: 'xoxb-1111-2222-SECRETBOT',
  SLACK_SIGNING_SECRET: 'signing-secret-value-42',
  SLACK_APP_TOKEN: 'xapp-1-A111-SECRETAPP',
  SLACK_HELPDESK_CHANNEL: 'C0HELP',
  DATABASE_URL: 'postgres://devicebot:db-pass-9876@db.internal:5432/devicebot',
};
const secrets = ['xoxb-1111-2222-SECRETBOT', 'signing-secret-value-42', 'xapp-1-A111-SECRETAPP', 'db-pass-9876', 'vendor-access-token-777'];

describe('secrets in logs', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    registerSecrets(secretValues(env));
    // A vendor that refuses the token and, carelessly, echoes the request back.
    server = createServer((req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'invalid_token', received: req.headers.authorization, client_secret: 'vendor-access-token-777' }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('keeps them out of a logged config object and a failed HTTP call', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'debug', sink: (l) => lines.push(l) });
    const config = loadConfig(env);
    logger.info('configuration loaded', { config });

    const client = new HttpClient({
      system: 'vendor',
      baseUrl: url,
      auth: bearerAuth({ get: async () => 'vendor-access-token-777', invalidate: () => undefined }),
      logger,
      maxRetries: 0,
    });
    let error: Error | undefined;
    try {
      await client.get('/v1/devices', { query: { api_key: 'vendor-access-token-777' } });
    } catch (e) {
      error = e as Error;
    }
    expect(error?.name).toBe('UnauthorizedError');
    logger.error('vendor call failed', { error });

    const output = lines.join('\n') + '\n' + (error?.message ?? '') + '\n' + String(error?.stack);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(output).toContain('db.internal'); // the useful parts stay
    for (const secret of secrets) expect(output).not.toContain(secret);
  });

  it('scrubs credentials it was never told about', () => {
    const text = scrub(
      'Authorization: Bearer abcdefghijklmnop xoxb-9-9-abcdef eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlMTIz client_secret=hunter2hunter2 -----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----',
    );
    for (const s of ['abcdefghijklmnop', 'xoxb-9-9-abcdef', 'eyJzdWIiOiJ4In0', 'hunter2hunter2', 'MIGH']) expect(text).not.toContain(s);
  });
});
