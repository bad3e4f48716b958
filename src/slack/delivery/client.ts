// The Slack Web API clients. Bolt's own client (app.client) serves listeners; the outbox uses this one, with
// Bolt's automatic 429 retries turned off so the outbox itself honours Retry-After without blocking other
// channels, and persists the wait. Why not src/http/HttpClient: Slack's documented client (@slack/web-api)
// already implements Slack's encoding, pagination and error shapes, and Bolt needs it anyway.
import { webApi } from '@slack/bolt';
import type { Config } from '../../config/schema';
import type { Logger } from '../../log/logger';
import { scrub } from '../../log/scrub';

export function slackApiUrl(config: Pick<Config, 'SLACK_API_URL'>): string | undefined {
  const url = config.SLACK_API_URL;
  if (!url) return undefined;
  return url.endsWith('/') ? url : `${url}/`;
}

/**
 * What every Web API client of the bot is built with (Bolt's app.client and the outbox's): the API URL, no method
 * given as an absolute URL (the bot token only goes to SLACK_API_URL), and a fetch that scrubs every argument of
 * every call before it leaves (src/log/scrub.ts): whatever a step, a vendor error or a person's text put in a
 * message, a modal or a DM, no secret reaches Slack.
 */
export function slackClientOptions(config: Pick<Config, 'SLACK_API_URL'>): { slackApiUrl?: string; allowAbsoluteUrls: false; fetch: typeof fetch } {
  return { slackApiUrl: slackApiUrl(config), allowAbsoluteUrls: false, fetch: scrubbingFetch };
}

/** Scrubs a Web API call's form-encoded arguments (text, blocks, view, …); binary uploads pass as they are. */
export const scrubbingFetch: typeof fetch = (input, init) => {
  const type = new Headers(init?.headers).get('content-type') ?? '';
  if (init && typeof init.body === 'string' && type.includes('application/x-www-form-urlencoded')) {
    const args = new URLSearchParams(init.body);
    for (const [key, value] of [...args]) if (key !== 'token') args.set(key, scrub(value));
    return fetch(input, { ...init, body: args.toString() });
  }
  if (init && typeof init.body === 'string' && type.includes('application/json')) return fetch(input, { ...init, body: scrub(init.body) });
  return fetch(input, init);
};

export function createSlackWebClient(
  config: Pick<Config, 'SLACK_BOT_TOKEN' | 'SLACK_API_URL'>,
  logger: Logger,
  options: { manualRateLimits?: boolean } = {},
): webApi.WebClient {
  return new webApi.WebClient(config.SLACK_BOT_TOKEN, {
    ...slackClientOptions(config),
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
