// Sends requests to the bot exactly as Slack does (api.slack.com/authentication/verifying-requests-from-slack):
// X-Slack-Signature = "v0=" + HMAC-SHA256(signing secret, "v0:" + timestamp + ":" + raw body), with
// X-Slack-Request-Timestamp. Payload shapes follow api.slack.com/interactivity/slash-commands,
// …/reference/interaction-payloads/block-actions and …/views#view_submission. Trigger ids and response_urls are
// issued by the fake Slack server so that views.open can check them.
import { createHmac } from 'node:crypto';
import type { FakeSlackServer } from './fake-slack-server';

// biome-ignore lint/suspicious/noExplicitAny: free-form Slack/JSON payloads in tests
type Obj = Record<string, any>;

export interface SendOptions {
  /** unix seconds; default now */
  timestamp?: number;
  /** replace the signature (forgery tests); null = send none */
  signature?: string | null;
  retryNum?: number;
  retryReason?: string;
}

export interface SlackHttpResult {
  status: number;
  text: string;
  json: Obj | undefined;
  /** time to the HTTP answer (the ack) */
  ms: number;
}

export function signSlackRequest(secret: string, timestamp: number, body: string): string {
  return 'v0=' + createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
}

export class SlackRequestSender {
  constructor(
    private readonly url: string,
    private readonly signingSecret: string,
    private readonly slack: FakeSlackServer,
    private readonly team = { id: 'T0FAKE', domain: 'fake' },
  ) {}

  async raw(body: string, contentType: string, options: SendOptions = {}): Promise<SlackHttpResult> {
    // Slack signs each delivery when it sends it: a retry (X-Slack-Retry-Num) comes at least 3 s after the first
    // attempt, with its own timestamp and signature (the bot refuses the exact same signed request twice).
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000) + 3 * (options.retryNum ?? 0);
    const headers: Record<string, string> = { 'content-type': contentType, 'x-slack-request-timestamp': String(timestamp) };
    const signature = options.signature === undefined ? signSlackRequest(this.signingSecret, timestamp, body) : options.signature;
    if (signature !== null) headers['x-slack-signature'] = signature;
    if (options.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(options.retryNum);
      headers['x-slack-retry-reason'] = options.retryReason ?? 'http_timeout';
    }
    const started = performance.now();
    const res = await fetch(this.url, { method: 'POST', headers, body });
    const text = await res.text();
    const ms = performance.now() - started;
    let json: Obj | undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, text, json, ms };
  }

  /** A slash command as Slack posts it (application/x-www-form-urlencoded). */
  command(user: string, text: string, options: SendOptions & { command?: string; channel?: string; triggerId?: string } = {}): Promise<SlackHttpResult> {
    const form = new URLSearchParams({
      token: 'deprecated-verification-token',
      team_id: this.team.id,
      team_domain: this.team.domain,
      channel_id: options.channel ?? 'C0HELPDESK',
      channel_name: 'helpdesk',
      user_id: user,
      user_name: user.toLowerCase(),
      command: options.command ?? '/device',
      text,
      api_app_id: 'A0DEVICEBOT',
      is_enterprise_install: 'false',
      response_url: this.slack.responseUrl(),
      trigger_id: options.triggerId ?? this.slack.issueTrigger(),
    });
    return this.raw(form.toString(), 'application/x-www-form-urlencoded', options);
  }

  /** Interactive payloads arrive form-encoded in one `payload` field holding JSON. */
  interaction(payload: Obj, options: SendOptions = {}): Promise<SlackHttpResult> {
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return this.raw(body, 'application/x-www-form-urlencoded', options);
  }

  /** A button press on a message. `message` is the message as Slack stored it (ts, blocks). */
  blockAction(
    user: string,
    action: { action_id: string; block_id?: string; value?: string; text?: string },
    where: { channel: string; message: { ts: string; thread_ts?: string; blocks?: Obj[]; text?: string } } | { view: Obj },
    options: SendOptions = {},
  ): Promise<SlackHttpResult> {
    const base: Obj = {
      type: 'block_actions',
      user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: this.team.id },
      api_app_id: 'A0DEVICEBOT',
      token: 'deprecated-verification-token',
      trigger_id: this.slack.issueTrigger(),
      team: this.team,
      enterprise: null,
      is_enterprise_install: false,
      actions: [
        {
          type: 'button',
          action_id: action.action_id,
          block_id: action.block_id ?? 'b',
          text: { type: 'plain_text', text: action.text ?? action.action_id, emoji: true },
          value: action.value,
          action_ts: `${Date.now() / 1000}`,
        },
      ],
    };
    if ('view' in where) {
      Object.assign(base, { container: { type: 'view', view_id: where.view.id }, view: where.view });
    } else {
      Object.assign(base, {
        container: { type: 'message', message_ts: where.message.ts, channel_id: where.channel, is_ephemeral: false },
        channel: { id: where.channel, name: 'helpdesk' },
        message: {
          type: 'message',
          user: 'UBOT',
          ts: where.message.ts,
          thread_ts: where.message.thread_ts,
          text: where.message.text,
          blocks: where.message.blocks,
        },
        response_url: this.slack.responseUrl(),
      });
    }
    return this.interaction(base, options);
  }

  /** A modal submitted: `values` is view.state.values (block_id → action_id → element state). */
  viewSubmission(user: string, view: Obj, values: Obj, options: SendOptions = {}): Promise<SlackHttpResult> {
    return this.interaction(
      {
        type: 'view_submission',
        team: this.team,
        user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: this.team.id },
        api_app_id: 'A0DEVICEBOT',
        token: 'deprecated-verification-token',
        trigger_id: this.slack.issueTrigger(),
        view: { ...view, team_id: this.team.id, app_id: 'A0DEVICEBOT', bot_id: 'BBOT', state: { values } },
        response_urls: [],
        is_enterprise_install: false,
        enterprise: null,
      },
      options,
    );
  }

  /** An Events API callback (application/json). */
  event(event: Obj, options: SendOptions & { eventId?: string } = {}): Promise<SlackHttpResult> {
    const body = JSON.stringify({
      token: 'deprecated-verification-token',
      team_id: this.team.id,
      api_app_id: 'A0DEVICEBOT',
      event,
      type: 'event_callback',
      event_id: options.eventId ?? `Ev${Date.now()}${Math.random().toString(16).slice(2, 8)}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: this.team.id, user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
    });
    return this.raw(body, 'application/json', options);
  }

  /** A message shortcut (type "message_action"). */
  messageShortcut(user: string, callbackId: string, channel: string, message: Obj, options: SendOptions = {}): Promise<SlackHttpResult> {
    return this.interaction(
      {
        type: 'message_action',
        callback_id: callbackId,
        trigger_id: this.slack.issueTrigger(),
        response_url: this.slack.responseUrl(),
        team: this.team,
        channel: { id: channel, name: 'helpdesk' },
        user: { id: user, name: user.toLowerCase() },
        message_ts: message.ts,
        message,
        token: 'deprecated-verification-token',
        action_ts: `${Date.now() / 1000}`,
        is_enterprise_install: false,
      },
      options,
    );
  }
}

/** view.state.values helpers, in the shapes Slack sends for each element type. */
export const stateOf = {
  user: (id: string | null) => ({ type: 'users_select', selected_user: id }),
  select: (value: string | null) => ({ type: 'static_select', selected_option: value === null ? null : { text: { type: 'plain_text', text: value }, value } }),
  radio: (value: string | null) => ({ type: 'radio_buttons', selected_option: value === null ? null : { text: { type: 'plain_text', text: value }, value } }),
  text: (value: string | null) => ({ type: 'plain_text_input', value }),
  date: (value: string | null) => ({ type: 'datepicker', selected_date: value }),
  checkboxes: (values: string[]) => ({ type: 'checkboxes', selected_options: values.map((v) => ({ text: { type: 'plain_text', text: v }, value: v })) }),
};
