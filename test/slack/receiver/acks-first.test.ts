// Acks first (src/slack/receiver/acks-first.ts): post-ack work waits while a request still waits for its ack, starts
// once none has for SETTLE_MS, and never waits longer than its bound (a steady stream must not starve it).
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { AfterAcks, PendingAcks, SETTLE_MS } from '../../../src/slack/receiver/acks-first';

const request = () => ({}) as IncomingMessage;
const response = () => new EventEmitter() as unknown as ServerResponse;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('acks first', () => {
  it('starts post-ack work only after the pending acks went out and things stayed quiet', async () => {
    const acks = new PendingAcks();
    const cap = new AfterAcks(4, acks, 5_000);
    const started: string[] = [];
    const a = response();
    const b = response();
    acks.track(request(), a);
    acks.track(request(), b);
    const work = cap.run(async () => void started.push('work'));
    await sleep(SETTLE_MS * 2);
    expect(started).toEqual([]);
    a.emit('finish');
    a.emit('close');
    await sleep(SETTLE_MS * 2);
    expect(started).toEqual([]);
    b.emit('close');
    const answered = Date.now();
    await work;
    expect(started).toEqual(['work']);
    expect(Date.now() - answered).toBeGreaterThanOrEqual(SETTLE_MS - 5);
    // quiet by now: the next task starts at once, not after its 5 s bound (a loose bound: CI machines stall)
    const at = Date.now();
    await cap.run(async () => undefined);
    expect(Date.now() - at).toBeLessThan(1_000);
  });

  it('waits no longer than its bound while requests keep coming', async () => {
    const acks = new PendingAcks();
    acks.track(request(), response());
    const at = Date.now();
    await new AfterAcks(1, acks, 100).run(async () => undefined);
    expect(Date.now() - at).toBeGreaterThanOrEqual(95);
    expect(Date.now() - at).toBeLessThan(1_000);
  });
});
