// The HTTP client against a local server: requests that are safe to send twice (GET, PUT, DELETE, a PATCH marked
// idempotent) are retried on timeouts, resets, 5xx and 429; a POST is sent once, whatever comes back (issue 12:
// an ERASE_DEVICE reached the server twice), and a failure after which the vendor may have accepted it is an
// OutcomeUnknownError the step resolves by asking the vendor.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutcomeUnknownError, ThrottledError, TransientError, UnauthorizedError, ValidationError } from '../../src/errors';
import { HttpClient, type HttpClientOptions } from '../../src/http/client';
import { FakeHttpServer, noSleep, type Reply } from '../adapters/fake-http';

let server: FakeHttpServer;
let answer: Reply;
beforeEach(async () => {
  answer = { status: 200, body: { ok: true } };
  server = await new FakeHttpServer(() => answer).start();
});
afterEach(() => server.close());

function client(over: Partial<HttpClientOptions> = {}): HttpClient {
  return new HttpClient({ system: 'vendor', baseUrl: server.url, sleep: noSleep, random: () => 0.5, timeoutMs: 300, maxRetries: 3, ...over });
}

describe('requests safe to repeat', () => {
  it('retries a GET, PUT and DELETE on 503 and a timeout, then returns the answer', async () => {
    for (const method of ['GET', 'PUT', 'DELETE'] as const) {
      server.failNext({ method, status: 503 });
      server.failNext({ method, status: 200, delayMs: 1_000 });
      const res = await client().request(method, '/thing');
      expect(res.status, method).toBe(200);
      expect(server.received('/thing', method), method).toHaveLength(3);
    }
  });

  it('retries a PATCH the caller marks idempotent, not one it does not', async () => {
    server.failNext({ method: 'PATCH', status: 502 });
    expect((await client().patch('/fields', { json: { a: 1 }, idempotent: true })).status).toBe(200);
    expect(server.received('/fields', 'PATCH')).toHaveLength(2);
    server.failNext({ method: 'PATCH', status: 502 });
    await expect(client().patch('/other', { json: { a: 1 } })).rejects.toBeInstanceOf(OutcomeUnknownError);
    expect(server.received('/other', 'PATCH')).toHaveLength(1);
  });
});

describe('a POST is sent once', () => {
  it('503 after the vendor accepted it: one request, an OutcomeUnknownError carrying the Retry-After', async () => {
    server.failNext({ method: 'POST', status: 503, afterVendor: true, headers: { 'retry-after': '7' } });
    const error = await client()
      .post('/wipe', { json: {} })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error).toBeInstanceOf(TransientError); // the engine runs the step again
    expect(error).toMatchObject({ retryable: true, retryAfterMs: 7_000, status: 503 });
    expect((error as Error).message).toContain('may have accepted it');
    const sent = server.received('/wipe', 'POST');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.accepted).toBe(true);
  });

  it('a timeout and a reset connection: one request each, outcome unknown', async () => {
    server.failNext({ method: 'POST', status: 200, afterVendor: true, delayMs: 1_000 });
    await expect(client().post('/slow', { json: {} })).rejects.toBeInstanceOf(OutcomeUnknownError);
    expect(server.received('/slow', 'POST')).toHaveLength(1);
    server.failNext({ method: 'POST', status: 200, afterVendor: true, reset: true });
    await expect(client().post('/reset', { json: {} })).rejects.toBeInstanceOf(OutcomeUnknownError);
    expect(server.received('/reset', 'POST')).toHaveLength(1);
  });

  it("429: one request and a ThrottledError with the vendor's Retry-After for the engine to wait on", async () => {
    server.failNext({ method: 'POST', status: 429, headers: { 'retry-after': '3' } });
    const error = await client()
      .post('/activity', { json: {} })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThrottledError);
    expect(error).toMatchObject({ retryAfterMs: 3_000 });
    expect(server.received('/activity', 'POST')).toHaveLength(1);
  });

  it('a definite refusal (400) stays what it is: the vendor did not take the command', async () => {
    server.failNext({ method: 'POST', status: 400 });
    const error = await client()
      .post('/bad', { json: {} })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).not.toBeInstanceOf(OutcomeUnknownError);
  });

  it('a 401 is sent again with a fresh token (the vendor refused it before doing anything)', async () => {
    let tokens = 0;
    const auth = { header: async () => `Bearer t${++tokens}`, invalidate: () => undefined };
    server.failNext({ method: 'POST', status: 401 });
    expect((await client({ auth }).post('/cmd', { json: {} })).status).toBe(200);
    const sent = server.received('/cmd', 'POST');
    expect(sent.map((r) => r.headers.authorization)).toEqual(['Bearer t1', 'Bearer t2']);
  });

  it('a token that cannot be had fails before anything is sent: that error, not "outcome unknown"', async () => {
    const auth = {
      header: async () => Promise.reject(new UnauthorizedError('vendor: the token endpoint refused the credentials')),
      invalidate: () => undefined,
    };
    const error = await client({ auth })
      .post('/cmd', { json: {} })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(server.received('/cmd', 'POST')).toHaveLength(0);
  });
});
