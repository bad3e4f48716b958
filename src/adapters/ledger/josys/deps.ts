import type { Logger } from '../../../log/logger';

export interface JosysDeps {
  logger?: Logger;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  timeoutMs?: number;
  maxRetries?: number;
  retryBaseMs?: number;
  /** dates sent to Josys (assignment start/end) are calendar dates in this zone; default Asia/Tokyo */
  timeZone?: string;
  now?: () => Date;
}
