// A local Slack Web API server for tests and benchmarks. It answers the methods the bot uses the way
// api.slack.com documents them (HTTP 200 with {ok:true|false, error}, 429 + Retry-After with error
// "ratelimited", ts/channel on messages, expired trigger ids), records every call, and checks Block Kit limits
// on every message and view (a violation answers `invalid_blocks`, as Slack does, and is kept in `violations`).
// Point the bot at it with SLACK_API_URL = server.apiUrl.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkBlockKit } from './block-kit-check';
import { readConversation } from './conversations';
import { FakeSlackFiles } from './files';
import { FakeSocketMode } from './socket-mode';
import { extractUpload, messageText, parseArgs, readBody, safeJson, send, type Obj } from './wire';

export interface FakeUser {
  id: string;
  name: string;
  real_name?: string;
  locale?: string;
  tz?: string;
  email?: string;
  is_bot?: boolean;
  /** custom profile fields: field id → value */
  fields?: Record<string, string>;
}

export interface RecordedCall {
  method: string;
  args: Obj;
  at: number;
  response: Obj;
  status: number;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text?: string;
  blocks?: Obj[];
  user: string;
  updates: number;
  metadata?: Obj;
}
export interface Fault {
  error?: string;
  status?: number;
  retryAfter?: number;
  times?: number;
  /** only when the call's channel is this one */
  channel?: string;
}

export interface FakeSlackOptions {
  botToken?: string;
  users?: FakeUser[];
  channels?: string[];
  /** answer 429 when two chat.postMessage calls to one channel come closer than this (Slack: ~1/s/channel) */
  postMinGapMs?: number;
  /** trigger ids expire after this (Slack: 3 s) */
  triggerTtlMs?: number;
  /** an app-level token (xapp-…): enables Socket Mode (socket-mode.ts) */
  appToken?: string;
}

export class FakeSlackServer {
  readonly calls: RecordedCall[] = [];
  readonly violations: { method: string; problems: string[] }[] = [];
  readonly responseUrlPosts: { id: string; body: Obj }[] = [];
  readonly files: { id: string; filename: string; content: string; channel?: string; thread_ts?: string; title?: string; initial_comment?: string }[] = [];
  readonly views = new Map<string, Obj>();
  readonly homes = new Map<string, Obj>();
  private readonly messages: StoredMessage[] = [];
  private readonly users = new Map<string, FakeUser>();
  private readonly channels = new Set<string>();
  private readonly faults = new Map<string, Fault[]>();
  private readonly triggers = new Map<string, number>();
  private readonly lastPost = new Map<string, number>();
  private server?: Server;
  private seq = Math.floor(Date.now() / 1000); // a ts is epoch seconds, as Slack's (conversations.* `oldest` compares them)
  private counter = 0;
  private readonly options: Required<Pick<FakeSlackOptions, 'botToken' | 'triggerTtlMs'>> & FakeSlackOptions;
  port = 0;
  /** Socket Mode, when the options name an app token */
  readonly socketMode?: FakeSocketMode;
  /** files people upload in a modal (files.ts): files.info and url_private_download */
  readonly userFiles: FakeSlackFiles;

  constructor(options: FakeSlackOptions = {}) {
    this.options = { botToken: 'xoxb-test-token', triggerTtlMs: 3000, ...options };
    this.userFiles = new FakeSlackFiles(() => this.baseUrl, this.options.botToken);
    if (options.appToken) this.socketMode = new FakeSocketMode(options.appToken, () => `ws://127.0.0.1:${this.port}`);
    for (const u of options.users ?? []) this.users.set(u.id, u);
    for (const c of options.channels ?? []) this.channels.add(c);
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  /** what SLACK_API_URL should be (Bolt wants the trailing slash) */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.socketMode?.attach(this.server);
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    await this.socketMode?.close();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  // ---- seeding and faults ---------------------------------------------------------------------------------
  addUser(user: FakeUser): void {
    this.users.set(user.id, user);
  }
  addChannel(id: string): void {
    this.channels.add(id);
  }
  /** the next `times` (default 1) calls of `method` fail this way */
  failNext(method: string, fault: Fault): void {
    const list = this.faults.get(method) ?? [];
    list.push({ times: 1, ...fault });
    this.faults.set(method, list);
  }
  /** a trigger id as Slack puts in an interaction payload; valid for triggerTtlMs */
  issueTrigger(): string {
    const id = `${++this.counter}.${Date.now()}.trigger${Math.random().toString(16).slice(2, 10)}`;
    this.triggers.set(id, Date.now());
    return id;
  }
  responseUrl(): string {
    return `${this.baseUrl}/response/${++this.counter}`;
  }
  // ---- inspection -----------------------------------------------------------------------------------------
  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }
  /** top-level messages of a channel (latest content after updates) */
  channelMessages(channel: string): StoredMessage[] {
    return this.messages.filter((m) => m.channel === channel && (!m.thread_ts || m.thread_ts === m.ts));
  }
  /** replies in a thread, oldest first (without the parent) */
  threadReplies(channel: string, threadTs: string): StoredMessage[] {
    return this.messages.filter((m) => m.channel === channel && m.thread_ts === threadTs && m.ts !== threadTs);
  }
  message(channel: string, ts: string): StoredMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts);
  }
  /** direct messages the bot sent to a user */
  dms(userId: string): StoredMessage[] {
    return this.messages.filter((m) => m.channel === dmChannel(userId));
  }
  /** every text in a message: the fallback text plus all block texts (for assertions) */
  static textOf(m: { text?: string; blocks?: Obj[] }): string {
    return messageText(m);
  }

  // ---- HTTP -----------------------------------------------------------------------------------------------
  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', this.baseUrl);
    if (url.pathname.startsWith('/response/')) {
      this.responseUrlPosts.push({ id: url.pathname.slice(10), body: safeJson(raw) });
      return send(res, 200, { ok: true });
    }
    if (url.pathname.startsWith('/files-pri/')) return this.userFiles.serve(url.pathname, req, res);
    if (url.pathname.startsWith('/upload/')) {
      const file = this.files.find((f) => f.id === url.pathname.slice(8));
      if (file) file.content = extractUpload(raw, String(req.headers['content-type'] ?? ''));
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${raw.length}`);
      return;
    }
    if (!url.pathname.startsWith('/api/')) return send(res, 404, { ok: false, error: 'unknown_method' });
    const method = url.pathname.slice(5);
    const args = parseArgs(raw, String(req.headers['content-type'] ?? ''), url);
    const { status, body, headers } = this.answer(method, args, String(req.headers.authorization ?? ''));
    this.calls.push({ method, args, at: Date.now(), response: body, status });
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  }

  private answer(method: string, args: Obj, authorization: string): { status: number; body: Obj; headers?: Record<string, string> } {
    const token = authorization.replace(/^Bearer\s+/i, '') || args.token;
    if (method === 'apps.connections.open')
      return this.socketMode?.open(String(token ?? '')) ?? { status: 200, body: { ok: false, error: 'not_allowed_token_type' } };
    if (token !== this.options.botToken) return { status: 200, body: { ok: false, error: token ? 'invalid_auth' : 'not_authed' } };

    const fault = this.takeFault(method, args);
    if (fault) {
      if (fault.status === 429 || fault.error === 'ratelimited') {
        return { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': String(fault.retryAfter ?? 1) } };
      }
      return { status: fault.status ?? 200, body: { ok: false, error: fault.error ?? 'internal_error' } };
    }
    const ok = (body: Obj = {}) => ({ status: 200, body: { ok: true, ...body } });
    const fail = (error: string, extra: Obj = {}) => ({ status: 200, body: { ok: false, error, ...extra } });
    const blocks = typeof args.blocks === 'string' ? safeJson(args.blocks) : args.blocks;
    const checkMessage = () => {
      const problems = checkBlockKit('message', blocks);
      if (args.text === undefined && blocks === undefined) problems.push('no_text');
      if (problems.length) this.violations.push({ method, problems });
      return problems;
    };

    switch (method) {
      case 'auth.test':
        return ok({ url: 'https://fake.slack.com/', team: 'Fake', user: 'devicebot', team_id: 'T0FAKE', user_id: 'UBOT', bot_id: 'BBOT' });
      case 'chat.postMessage': {
        const channel = this.resolveChannel(String(args.channel ?? ''));
        if (!channel) return fail('channel_not_found');
        const problems = checkMessage();
        if (problems.length) return fail(problems.includes('no_text') ? 'no_text' : 'invalid_blocks', { errors: problems });
        const gap = this.options.postMinGapMs;
        const now = Date.now();
        if (gap && now - (this.lastPost.get(channel) ?? 0) < gap) {
          return { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': '1' } };
        }
        this.lastPost.set(channel, now);
        if (args.thread_ts && !this.message(channel, String(args.thread_ts))) return fail('thread_not_found');
        const ts = this.nextTs();
        const message: StoredMessage = {
          channel,
          ts,
          thread_ts: args.thread_ts ? String(args.thread_ts) : undefined,
          text: args.text,
          blocks,
          user: 'UBOT',
          updates: 0,
          metadata: (typeof args.metadata === 'string' ? safeJson(args.metadata) : args.metadata) as Obj | undefined,
        };
        this.messages.push(message);
        return ok({ channel, ts, message: { type: 'message', text: args.text, blocks, ts, user: 'UBOT', bot_id: 'BBOT' } });
      }
      case 'chat.update': {
        const channel = this.resolveChannel(String(args.channel ?? ''));
        if (!channel) return fail('channel_not_found');
        const message = this.message(channel, String(args.ts ?? ''));
        if (!message) return fail('message_not_found');
        const problems = checkMessage();
        if (problems.length) return fail('invalid_blocks', { errors: problems });
        if (args.text !== undefined) message.text = args.text;
        if (blocks !== undefined) message.blocks = blocks;
        message.updates++;
        return ok({ channel, ts: message.ts, text: message.text });
      }
      case 'chat.postEphemeral': {
        const channel = this.resolveChannel(String(args.channel ?? ''));
        if (!channel) return fail('channel_not_found');
        if (!this.users.has(String(args.user))) return fail('user_not_in_channel');
        const problems = checkMessage();
        if (problems.length) return fail('invalid_blocks', { errors: problems });
        return ok({ message_ts: this.nextTs() });
      }
      case 'chat.getPermalink': {
        const channel = this.resolveChannel(String(args.channel ?? ''));
        if (!channel) return fail('channel_not_found');
        if (!this.message(channel, String(args.message_ts ?? ''))) return fail('message_not_found');
        return ok({ channel, permalink: `https://fake.slack.com/archives/${channel}/p${String(args.message_ts).replace('.', '')}` });
      }
      case 'conversations.open': {
        const user = String(args.users ?? '').split(',')[0] ?? '';
        if (!this.users.has(user)) return fail('user_not_found');
        return ok({ channel: { id: dmChannel(user) } });
      }
      case 'users.info': {
        const user = this.users.get(String(args.user));
        if (!user) return fail('user_not_found');
        const include = args.include_locale === true || args.include_locale === 'true';
        return ok({ user: this.userObject(user, include) });
      }
      case 'users.lookupByEmail': {
        const user = [...this.users.values()].find((u) => u.email && u.email.toLowerCase() === String(args.email).toLowerCase());
        if (!user) return fail('users_not_found');
        return ok({ user: this.userObject(user, false) });
      }
      case 'users.profile.get': {
        const user = this.users.get(String(args.user));
        if (!user) return fail('user_not_found');
        return ok({ profile: this.userObject(user, false).profile });
      }
      case 'views.open':
      case 'views.push': {
        const trigger = String(args.trigger_id ?? '');
        const issued = this.triggers.get(trigger);
        if (issued === undefined) return fail('invalid_trigger_id');
        if (Date.now() - issued > this.options.triggerTtlMs) return fail('expired_trigger_id');
        this.triggers.delete(trigger);
        return this.storeView(method, undefined, args);
      }
      case 'views.update': {
        const id = String(args.view_id ?? '');
        const existing = this.views.get(id);
        if (!existing) return fail('not_found');
        if (args.hash && args.hash !== existing.hash) return fail('hash_conflict');
        return this.storeView(method, id, args);
      }
      case 'views.publish': {
        if (!this.users.has(String(args.user_id))) return fail('user_not_found');
        const view = typeof args.view === 'string' ? safeJson(args.view) : args.view;
        const problems = checkBlockKit('home', view?.blocks, { privateMetadata: view?.private_metadata });
        if (view?.type !== 'home') problems.push('views.publish needs a home view');
        if (problems.length) {
          this.violations.push({ method, problems });
          return fail('invalid_arguments', { response_metadata: { messages: problems } });
        }
        this.homes.set(String(args.user_id), view);
        return ok({ view: { id: `VH${args.user_id}`, ...view } });
      }
      case 'files.getUploadURLExternal': {
        const id = `F${++this.counter}`;
        this.files.push({ id, filename: String(args.filename), content: '' });
        return ok({ upload_url: `${this.baseUrl}/upload/${id}`, file_id: id });
      }
      case 'conversations.replies':
      case 'conversations.history':
        return { status: 200, body: readConversation(this.messages, method, this.resolveChannel(String(args.channel ?? '')), args) };
      case 'files.info':
        return this.userFiles.info(args);
      case 'files.completeUploadExternal': {
        const list = (typeof args.files === 'string' ? safeJson(args.files) : args.files) as Obj[];
        if (args.channel_id && !this.resolveChannel(String(args.channel_id))) return fail('channel_not_found');
        for (const f of list ?? []) {
          const file = this.files.find((x) => x.id === f.id);
          if (!file) return fail('file_not_found');
          Object.assign(file, { title: f.title, channel: args.channel_id, thread_ts: args.thread_ts, initial_comment: args.initial_comment });
        }
        return ok({ files: (list ?? []).map((f) => ({ id: f.id, title: f.title })) });
      }
      default:
        return fail('unknown_method');
    }
  }

  private storeView(method: string, id: string | undefined, args: Obj): { status: number; body: Obj } {
    const view = typeof args.view === 'string' ? safeJson(args.view) : args.view;
    const problems = checkBlockKit(view?.type === 'home' ? 'home' : 'modal', view?.blocks, {
      title: view?.title,
      privateMetadata: view?.private_metadata,
      submit: view?.submit,
      close: view?.close,
    });
    if (problems.length) {
      this.violations.push({ method, problems });
      return { status: 200, body: { ok: false, error: 'invalid_arguments', response_metadata: { messages: problems } } };
    }
    const viewId = id ?? `V${++this.counter}`;
    const stored = { ...view, id: viewId, hash: `${Date.now()}.${++this.counter}`, state: { values: {} } };
    this.views.set(viewId, stored);
    return { status: 200, body: { ok: true, view: stored } };
  }

  private userObject(u: FakeUser, includeLocale: boolean): Obj {
    const fields: Obj = {};
    for (const [k, v] of Object.entries(u.fields ?? {})) fields[k] = { value: v, alt: '' };
    return {
      id: u.id,
      team_id: 'T0FAKE',
      name: u.name,
      real_name: u.real_name ?? u.name,
      tz: u.tz ?? 'Asia/Tokyo',
      is_bot: u.is_bot ?? false,
      deleted: false,
      ...(includeLocale && u.locale ? { locale: u.locale } : {}),
      profile: { real_name: u.real_name ?? u.name, display_name: u.name, email: u.email, fields },
    };
  }

  private resolveChannel(channel: string): string | undefined {
    if (this.channels.has(channel)) return channel;
    if (/^[UW]/.test(channel) && this.users.has(channel)) return dmChannel(channel);
    if (/^D/.test(channel) && this.users.has(channel.slice(1))) return channel;
    return undefined;
  }

  private takeFault(method: string, args: Obj): Fault | undefined {
    const list = this.faults.get(method);
    if (!list?.length) return undefined;
    const index = list.findIndex((f) => !f.channel || f.channel === args.channel);
    if (index < 0) return undefined;
    const fault = list[index]!;
    fault.times = (fault.times ?? 1) - 1;
    if (fault.times <= 0) list.splice(index, 1);
    return fault;
  }

  private nextTs(): string {
    this.seq++;
    return `${this.seq}.${String(++this.counter).padStart(6, '0')}`;
  }
}

export function dmChannel(userId: string): string {
  return `D${userId}`;
}
