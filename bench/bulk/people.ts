// What the people of the bulk benchmark do in Slack, over signed HTTP to the bots' Bolt apps: the helpdesk opens
// /device offboard-bulk, uploads the CSV and chooses "check and start"; the approver presses Approve on each
// offboarding's approval request in its thread (and the helpdesk presses Done on a confirmation, should a plan
// ask for one). With several bot processes, each interaction goes to the next one, as a load balancer would.
import { ACTIONS } from '../../src/slack/ids';
import type { FakeSlackServer } from '../../test/support/fake-slack/fake-slack-server';
import { SlackRequestSender, stateOf } from '../../test/support/fake-slack/signed-client';
import { APPROVER, CHANNEL, HELPDESK, SIGNING_SECRET } from './world';

type Obj = Record<string, unknown>;

export class SlackPeople {
  private readonly senders: SlackRequestSender[];
  private next = 0;
  /** how far through the fake Slack's call log the approver has read */
  private cursor = 0;
  private readonly pressed = new Set<string>();
  private readonly queue: { message: { ts: string; thread_ts?: string; blocks?: Obj[]; text?: string }; actionId: string; value: string; user: string }[] = [];
  private inFlight = 0;
  presses = 0;
  failedPresses = 0;

  constructor(
    private readonly slack: FakeSlackServer,
    botUrls: string[],
  ) {
    this.senders = botUrls.map((url) => new SlackRequestSender(`${url}/slack/events`, SIGNING_SECRET, slack));
  }

  private sender(): SlackRequestSender {
    return this.senders[this.next++ % this.senders.length]!;
  }

  /** /device offboard-bulk → the modal → the CSV uploaded in its file_input, "start"; resolves once acknowledged. */
  async uploadCsv(name: string, csv: string): Promise<void> {
    const before = this.slack.callsTo('views.open').length;
    const res = await this.sender().command(HELPDESK, 'offboard-bulk', { channel: CHANNEL });
    if (res.status !== 200) throw new Error(`/device offboard-bulk answered ${res.status}`);
    const open = await until(() => this.slack.callsTo('views.open')[before], 10_000);
    const view = this.slack.views.get(String((open.response.view as Obj).id))!;
    const file = this.slack.userFiles.upload(HELPDESK, name, csv);
    const submitted = await this.sender().viewSubmission(HELPDESK, view, {
      file: { file: { type: 'file_input', files: [file] } },
      mode: { mode: stateOf.radio('start') },
    });
    if (submitted.status !== 200) throw new Error(`the bulk modal's submission answered ${submitted.status}`);
  }

  /** Reads the messages the bots posted since the last call and presses each new decision button once (at most
   *  `parallel` presses at a time, as a few people clicking through their threads would). */
  pressNewButtons(parallel = 4): void {
    const calls = this.slack.calls;
    for (; this.cursor < calls.length; this.cursor++) {
      const call = calls[this.cursor]!;
      if (call.method !== 'chat.postMessage' || call.response.ok !== true || call.response.channel !== CHANNEL) continue;
      const blocks = typeof call.args.blocks === 'string' ? (JSON.parse(call.args.blocks) as Obj[]) : (call.args.blocks as Obj[] | undefined);
      for (const [actionId, user] of [
        [ACTIONS.decision.approve, APPROVER],
        [ACTIONS.decision.confirm, HELPDESK],
      ] as const) {
        const value = buttonValue(blocks, actionId);
        if (value === null || this.pressed.has(`${actionId}:${value}`)) continue;
        this.pressed.add(`${actionId}:${value}`);
        const message = {
          ts: String(call.response.ts),
          thread_ts: call.args.thread_ts as string | undefined,
          blocks,
          text: call.args.text as string | undefined,
        };
        this.queue.push({ message, actionId, value, user });
      }
    }
    while (this.inFlight < parallel && this.queue.length > 0) {
      const press = this.queue.shift()!;
      this.inFlight++;
      this.presses++;
      void this.sender()
        .blockAction(press.user, { action_id: press.actionId, value: press.value }, { channel: CHANNEL, message: press.message })
        .then((res) => {
          if (res.status !== 200) this.failedPresses++;
        })
        .catch(() => this.failedPresses++)
        .finally(() => {
          this.inFlight--;
          this.pressNewButtons(parallel);
        });
    }
  }
}

function buttonValue(blocks: Obj[] | undefined, actionId: string): string | null {
  for (const b of blocks ?? [])
    for (const e of (b.elements ?? []) as { action_id?: string; value?: string }[]) if (e.action_id === actionId) return e.value ?? '';
  return null;
}

export async function until<T>(check: () => T | Promise<T>, timeoutMs: number): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
