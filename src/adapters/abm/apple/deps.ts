import type { Logger } from '../../../log/logger';

/** What the ABM adapter takes from its caller besides configuration; tests inject short waits and a clock. */
export interface AbmHttpDeps {
  logger?: Logger;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => Date;
  timeoutMs?: number;
  maxRetries?: number;
  retryBaseMs?: number;
  /** Retry-After longer than this goes up as a ThrottledError for the engine to schedule */
  maxInlineWaitMs?: number;
}
