import type { HttpDeps } from '../../http-deps';

/** What the ABM adapter takes from its caller besides configuration; tests inject short waits and a clock. */
export interface AbmHttpDeps extends HttpDeps {
  now?: () => Date;
  /** Retry-After longer than this goes up as a ThrottledError for the engine to schedule */
  maxInlineWaitMs?: number;
  /** how long ABM is given to show an activity's change before a lost one counts as never received (findActivity) */
  activitySettleMs?: number;
}
