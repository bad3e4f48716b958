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

export class ReplayGuard {
  private lastPrune = 0;

  constructor(private readonly deps: Pick<SlackCoreDeps, 'db' | 'now'> & { signingSecret: string }) {}

  /** Decides on one request from its raw body and headers; records it when accepted. */
  async admit(timestampHeader: string | undefined, signature: string | undefined, body: string): Promise<Admission> {
    const now = Math.floor(this.deps.now().getTime() / 1000);
    const ts = Number(timestampHeader);
    if (!timestampHeader || !/^\d{1,12}$/.test(timestampHeader) || Math.abs(now - ts) > MAX_SKEW_S) return 'stale';
    if (!signature || !validSignature(this.deps.signingSecret, ts, body, signature)) return 'bad_signature';
    await this.prune(now);
    try {
      await this.deps.db.slackRequestSeen.create({ data: { timestamp: new Date(ts * 1000), signature } });
      return 'accepted';
    } catch {
      // the primary key (timestamp, signature) is taken: this exact request was accepted before, by any process
      return 'replay';
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
