// What every vendor adapter's factory takes besides its configuration: where it logs, and the HTTP client's
// waits and retry knobs (tests inject instant sleeps, a fixed jitter and a short backoff).
import type { HttpClientOptions } from '../http/client';
import type { SharedBudgets } from '../http/limits';
import type { Logger } from '../log/logger';

export interface HttpDeps {
  logger?: Logger;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  timeoutMs?: number;
  /** retries inside one call before the error goes to the engine */
  maxRetries?: number;
  /** transient-retry backoff base (tests use a few ms) */
  retryBaseMs?: number;
  /** caps shared by every bot process (PostgreSQL deployments with several processes): src/db/budgets */
  shared?: SharedBudgets;
}

type Knobs = Pick<HttpClientOptions, 'logger' | 'sleep' | 'random' | 'timeoutMs' | 'maxRetries' | 'retryBaseMs' | 'shared'>;

/** The HttpClient options the deps set, over the vendor's own defaults for timeouts and retries. */
export function httpOptions(deps: HttpDeps, defaults: Pick<HttpDeps, 'timeoutMs' | 'maxRetries' | 'retryBaseMs'> = {}): Knobs {
  return {
    logger: deps.logger,
    sleep: deps.sleep,
    random: deps.random,
    timeoutMs: deps.timeoutMs ?? defaults.timeoutMs,
    maxRetries: deps.maxRetries ?? defaults.maxRetries,
    retryBaseMs: deps.retryBaseMs ?? defaults.retryBaseMs,
    shared: deps.shared,
  };
}
