// Replayed Slack requests (HTTP mode). Slack signs every request: X-Slack-Signature = v0=HMAC-SHA256(signing
// secret, "v0:" + X-Slack-Request-Timestamp + ":" + body), and asks apps to refuse a timestamp more than five
// minutes from now (https://api.slack.com/authentication/verifying-requests-from-slack). Bolt checks the
// signature but only refuses timestamps in the past, so a captured request could be sent again within five
// minutes, and one signed for an hour ahead would be accepted too. In front of Bolt's receiver, this refuses
// |now − timestamp| > 300 s both ways, verifies the signature, and remembers each accepted (timestamp, signature)
// in the database (SlackRequestSeen), shared by every bot process: the same signed request is accepted once.
// A row is kept only while its timestamp is inside the window — after that the timestamp check refuses it anyway.
// Socket Mode needs none of this: requests arrive over the bot's own authenticated WebSocket.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SlackCoreDeps } from '../deps';

/** Slack's window, both ways. */
export const MAX_SKEW_S = 300;

export type Admission = 'accepted' | 'stale' | 'bad_signature' | 'replay';

/** Most rows one INSERT writes: two parameters each, under SQLite's oldest limit (999), so Prisma never splits
 *  the insert into several statements (the fallback below relies on a failed insert having written nothing). */
const BATCH = 400;

interface Pending {
  ts: number;
  signature: string;
  settle: (admission: Admission) => void;
  fail: (error: unknown) => void;
}

export class ReplayGuard {
  private lastPrune = 0;
  /** admissions waiting for their row, written together (see record) */
  private queue: Pending[] = [];
  private flushing = false;

  constructor(private readonly deps: Pick<SlackCoreDeps, 'db' | 'now'> & { signingSecret: string }) {}

  /** Decides on one request from its raw body and headers; records it when accepted. */
  async admit(timestampHeader: string | undefined, signature: string | undefined, body: string): Promise<Admission> {
    const now = Math.floor(this.deps.now().getTime() / 1000);
    const ts = Number(timestampHeader);
    if (!timestampHeader || !/^\d{1,12}$/.test(timestampHeader) || Math.abs(now - ts) > MAX_SKEW_S) return 'stale';
    if (!signature || !validSignature(this.deps.signingSecret, ts, body, signature)) return 'bad_signature';
    return this.record(ts, signature);
  }

  /**
   * Group commit: the requests that arrive together (a burst of commands; whatever comes while a write is under
   * way) are recorded by ONE insert, not one each — on SQLite every statement holds the event loop, and 200 of them
   * stood between a burst and its acks. The verdict is the same as one insert per request: the database's primary
   * key still decides, and each request still waits for its row before Bolt sees it.
   */
  private record(ts: number, signature: string): Promise<Admission> {
    return new Promise((settle, fail) => {
      this.queue.push({ ts, signature, settle, fail });
      // after the I/O callbacks of this turn of the event loop, so the requests that arrived with this one join it
      if (this.queue.length === 1 && !this.flushing) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, BATCH);
        // an unexpected error fails this batch's requests (500, as a failed insert did before) and never stops the
        // queue: a loop that broke off would leave every later request waiting for a flush that never comes
        await this.write(batch).catch((error) => {
          for (const p of batch) p.fail(error);
        });
      }
    } finally {
      this.flushing = false;
    }
  }

  private async write(batch: Pending[]): Promise<void> {
    await this.prune(Math.floor(this.deps.now().getTime() / 1000));
    // the same request twice in one batch: the first one counts
    const fresh = new Map<string, Pending>();
    for (const p of batch) {
      const key = `${p.ts}:${p.signature}`;
      if (fresh.has(key)) p.settle('replay');
      else fresh.set(key, p);
    }
    const rows = [...fresh.values()];
    const data = (p: Pending) => ({ timestamp: new Date(p.ts * 1000), signature: p.signature });
    try {
      await this.deps.db.slackRequestSeen.createMany({ data: rows.map(data) });
      for (const p of rows) p.settle('accepted');
    } catch {
      // one of them was seen before (by any process): the multi-row insert wrote nothing, so each is tried alone
      for (const p of rows) {
        try {
          await this.deps.db.slackRequestSeen.create({ data: data(p) });
          p.settle('accepted');
        } catch {
          // the primary key (timestamp, signature) is taken: this exact request was accepted before
          p.settle('replay');
        }
      }
    }
  }

  /** Rows whose timestamp left the window can never match an acceptable request again: delete them (once a minute). */
  private async prune(now: number): Promise<void> {
    if (now - this.lastPrune < 60) return;
    this.lastPrune = now;
    await this.deps.db.slackRequestSeen.deleteMany({ where: { timestamp: { lt: new Date((now - MAX_SKEW_S - 60) * 1000) } } }).catch(() => undefined);
  }
}

function validSignature(secret: string, ts: number, body: string, signature: string): boolean {
  const expected = Buffer.from('v0=' + createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex'));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
