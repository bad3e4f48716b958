// The Slack Web API clients. Bolt's own client (app.client) serves listeners; the outbox uses this one, with
// Bolt's automatic 429 retries turned off so the outbox itself honours Retry-After without blocking other
// channels, and persists the wait. Why not src/http/HttpClient: Slack's documented client (@slack/web-api)
// already implements Slack's encoding, pagination and error shapes, and Bolt needs it anyway.
import { webApi } from '@slack/bolt';
import type { Config } from '../../config/schema';
import type { Logger } from '../../log/logger';

export function slackApiUrl(config: Pick<Config, 'SLACK_API_URL'>): string | undefined {
  const url = config.SLACK_API_URL;
  if (!url) return undefined;
  return url.endsWith('/') ? url : `${url}/`;
}

export function createSlackWebClient(config: Pick<Config, 'SLACK_BOT_TOKEN' | 'SLACK_API_URL'>, logger: Logger, options: { manualRateLimits?: boolean } = {}): webApi.WebClient {
  return new webApi.WebClient(config.SLACK_BOT_TOKEN, {
    slackApiUrl: slackApiUrl(config),
    logger: toSlackLogger(logger),
    ...(options.manualRateLimits ? { rejectRateLimitedCalls: true, retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2000 } } : {}),
    timeout: 15_000,
  });
}

/** Bolt's and the Web API's logger interface, on our scrubbing logger. */
export function toSlackLogger(logger: Logger) {
  let level = 'info';
  const lg = logger.child({ component: 'slack' });
  const text = (msgs: unknown[]) => msgs.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(' ');
  return {
    debug: (...msgs: unknown[]) => lg.debug(text(msgs)),
    info: (...msgs: unknown[]) => lg.info(text(msgs)),
    warn: (...msgs: unknown[]) => lg.warn(text(msgs)),
    error: (...msgs: unknown[]) => lg.error(text(msgs)),
    setLevel: (l: string) => {
      level = l;
    },
    getLevel: () => level as never,
    setName: () => undefined,
  };
}
