// What happens to an uploaded bulk offboarding CSV after the modal was acknowledged: downloaded from Slack
// (slack-file.ts), checked like the command line does (src/workflows/offboarding/bulk: decoding, strict cells,
// one row per person — the people found in the bot's directory and, for the rows it does not know, in Slack's),
// then the whole result posted to the helpdesk channel: every problem at once (nothing started), or the people
// checked, or the workflows started (each opens its own thread and waits for its approval) — that last message is
// the run's status, edited as its workflows end: "n of N done", failures with links, time left (issue 16).
import { t } from '../../i18n';
import {
  BULK_MAX_ROWS,
  checkOffboardingCsv,
  directoryResolver,
  offboardingIdempotencyKey,
  renderBulkReport,
  type BulkParseResult,
  type PeopleResolver,
} from '../../workflows/offboarding';
import { context, section } from '../blocks/kit';
import { beginBulkRun, joinBulkRun, openBulkStatus } from '../delivery/bulk-status';
import { bulletBlocks } from '../render/bulk-status';
import { escapeMrkdwn } from '../blocks/limits';
import { ensurePerson } from '../people/directory';
import { errorDetail, errorLead } from '../render/error-lead';
import type { SlackRuntime } from '../runtime';
import { BULK_FILE_MAX_BYTES, type BulkMode } from './bulk-offboard';
import { downloadSlackFile } from './slack-file';
import { startFromSlack } from './start';

/** Slack look-ups per file for people the directory does not know (users.info, users.lookupByEmail: Tier 3–4). */
const SLACK_LOOKUPS = 100;
/** Problem lines shown in the message; the rest are counted. */
const SHOWN = 40;

export async function runBulkOffboard(
  rt: SlackRuntime,
  request: { userId: string; fileId: string; fileName: string; mode: BulkMode },
): Promise<BulkParseResult> {
  const { userId } = request;
  const locale = await rt.locales.forUser(userId);
  const file = await downloadSlackFile(rt, request.fileId, BULK_FILE_MAX_BYTES);
  const options = {
    db: rt.db,
    requesterSlackId: userId,
    timeZone: rt.config.TIME_ZONE,
    runTime: rt.config.OFFBOARDING_RUN_TIME,
    resolve: slackPeopleResolver(rt),
  };
  const check: BulkParseResult = file.ok
    ? await checkOffboardingCsv(file.bytes, options)
    : {
        rows: [],
        notices: [],
        encoding: null,
        problems: [
          {
            row: null,
            column: null,
            code: file.problem === 'too_large' ? 'tooLarge' : 'fileUnavailable',
            params: { size: file.size ?? 0, max: BULK_FILE_MAX_BYTES },
          },
        ],
      };
  const report = renderBulkReport(locale, check, SHOWN);
  const who = { user: `<@${userId}>`, file: escapeMrkdwn(request.fileName), count: check.rows.length };
  let headline: string;
  if (check.problems.length > 0) headline = t(locale, 'offboarding-bulk.slack.refused', { ...who, problems: check.problems.length });
  else if (request.mode === 'check') headline = t(locale, 'offboarding-bulk.slack.checked', who);
  else {
    let created = 0;
    let failed = 0;
    // the run exists before its workflows start: each joins it before its thread is posted, so the uploader hears
    // of them through the run's one message, not by two or three DMs per person (src/slack/delivery/bulk-status.ts)
    const runId = await beginBulkRun(rt.db, { requestedBy: userId, locale, channel: rt.config.SLACK_HELPDESK_CHANNEL ?? userId });
    for (const row of check.rows) {
      const started = await startFromSlack(
        rt,
        {
          kind: 'offboarding',
          input: row.input,
          userId,
          subjectSlackId: row.input.subject.slackUserId ?? null,
          idempotencyKey: offboardingIdempotencyKey(row.input),
        },
        (workflowId) => joinBulkRun(rt.db, runId, workflowId),
      );
      if (!started) failed++;
      else if (started.created) created++;
    }
    headline = t(locale, 'offboarding-bulk.slack.started', { ...who, created, existing: check.rows.length - created - failed, failed });
    await openBulkStatus(rt, runId, { headline, lines: report.lines.map(escapeMrkdwn) });
    return check;
  }
  await post(rt, userId, headline, report.lines.map(escapeMrkdwn));
  return check;
}

/** The check itself failed (the database, Slack): said where the result was promised, nothing started. */
export async function reportBulkFailure(rt: SlackRuntime, request: { userId: string; fileName: string }, error: unknown): Promise<void> {
  rt.logger.error('bulk offboarding failed', { error });
  const locale = await rt.locales.forUser(request.userId);
  await post(
    rt,
    request.userId,
    t(locale, 'offboarding-bulk.slack.failed', {
      user: `<@${request.userId}>`,
      file: escapeMrkdwn(request.fileName),
      error: errorLead(locale, error),
    }),
    [],
    errorDetail(locale, error),
  );
}

/** The helpdesk channel (or the uploader's DMs when none is configured), through the outbox. */
async function post(rt: SlackRuntime, userId: string, headline: string, lines: string[], detail?: string): Promise<void> {
  // a failure's own words (the vendor's, the parser's) only in the small grey line under the sentence
  const blocks = [section(headline), ...bulletBlocks(lines), ...(detail ? [context(detail)] : [])];
  const channel = rt.config.SLACK_HELPDESK_CHANNEL;
  await rt.outbox.enqueue(
    channel ? { kind: 'post', channel, payload: { text: headline, blocks } } : { kind: 'dm', channel: userId, payload: { text: headline, blocks } },
  );
}

/**
 * The bot's directory first; for the rows it does not know, Slack's: a Slack id's profile e-mail (users.info), an
 * e-mail's Slack id (users.lookupByEmail), each recorded as a Person row — so a person listed once by e-mail
 * and once by Slack id is found to be one person even the first time the bot hears of them.
 */
export function slackPeopleResolver(rt: SlackRuntime): PeopleResolver {
  const directory = directoryResolver(rt.db);
  return async (subjects) => {
    const known = await directory(subjects);
    let budget = Math.min(SLACK_LOOKUPS, BULK_MAX_ROWS);
    for (const [i, s] of subjects.entries()) {
      if (known[i]!.keys.some((k) => k.startsWith('person:')) || budget <= 0) continue;
      budget--;
      const id = s.slackUserId ?? (s.email ? await slackIdOf(rt, s.email) : null);
      if (id && (await isSlackUser(rt, id))) await ensurePerson(rt, id).catch(() => undefined);
    }
    return directory(subjects);
  };
}

async function slackIdOf(rt: SlackRuntime, email: string): Promise<string | null> {
  const res = await rt.client.users.lookupByEmail({ email }).catch(() => null);
  return (res?.user as { id?: string } | undefined)?.id ?? null;
}

async function isSlackUser(rt: SlackRuntime, id: string): Promise<boolean> {
  const res = await rt.client.users.info({ user: id }).catch(() => null);
  return Boolean(res?.ok && res.user);
}
