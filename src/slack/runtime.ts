// Everything a listener may use, assembled once by createSlackApp (app.ts): the base dependencies (deps.ts), the
// engine and ports, and the Slack layer's own services from delivery/, people/ and decisions/.
import type { Semaphore } from '../http/limits';
import type { SlackChat } from './delivery/chat';
import type { Outbox } from './delivery/outbox';
import type { ProgressReporter } from './delivery/progress';
import type { Threads } from './delivery/threads';
import type { SlackAppDeps } from './deps';
import type { LocaleResolver } from './people/locale';
import type { ManagerResolver } from './people/managers';

export interface SlackRuntime extends SlackAppDeps {
  chat: SlackChat;
  outbox: Outbox;
  threads: Threads;
  locales: LocaleResolver;
  managers: ManagerResolver;
  progress: ProgressReporter;
  /**
   * Work that follows an ack (look-ups, respond(), starting workflows), with a concurrency cap so acks are never
   * starved: the SQLite driver is synchronous, so 200 slow listeners at once would block the event loop and
   * delay the acks of the requests still arriving; acks come first: in HTTP mode a task also waits until no request
   * is waiting for its ack (receiver/acks-first.ts). idle() waits for it (tests, shutdown).
   */
  background: Semaphore;
  /** modal opening after an ack: its own, wider cap (a trigger_id expires 3 s after the click, so modals must
   *  not wait behind slow answers), still bounded so a burst of clicks cannot starve the acks */
  modals: Semaphore;
}
