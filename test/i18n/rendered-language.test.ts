// The Block Kit builders of src/slack (no I/O) rendered in both languages with realistic data: the parent message,
// every step event, failed steps with real vendor error texts, finished workflows with the reasons the bot
// stores, thread notes carrying a failure, decisions, manual tasks, help, modals, the requester's DM. Every text
// a person reads must pass the rules of language-rules.ts; only the small "Detail (as reported)" line may hold a
// vendor's own words (issue 15).
import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { StepView, WorkflowView } from '../../src/engine/types';
import type { ManualTask } from '../../src/generated/sqlite/client';
import { catalogs, LOCALES, t, type Locale } from '../../src/i18n';
import { bulkOffboardModal } from '../../src/slack/features/bulk-offboard';
import { helpBlocks } from '../../src/slack/features/help';
import { offboardModal } from '../../src/slack/features/offboard';
import { reasonModal } from '../../src/slack/features/reason';
import { replaceModal } from '../../src/slack/features/replace';
import { renderDecisionOutcome, renderDecisionRequest } from '../../src/slack/render/decision';
import { renderManualTask } from '../../src/slack/render/manual-task';
import { renderNote } from '../../src/slack/render/notes';
import { renderParent, renderStepEvent, renderStepFailed, renderWorkflowFinished } from '../../src/slack/render/workflow';
import { workflowTitle } from '../../src/slack/render/workflow-title';
import { RISK_RULES } from '../../src/domain/device-risks';
import { SOURCES } from '../../src/domain/sources';
import { ruleText } from '../../src/workflows/offboarding/render';
import { problems } from './language-rules';

/** Every text of a message or view a person reads: mrkdwn and plain_text objects, and the fallback text. */
function texts(payload: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if ((o.type === 'mrkdwn' || o.type === 'plain_text') && typeof o.text === 'string') out.push(o.text);
    for (const [k, child] of Object.entries(o)) if (k !== 'text' || typeof child !== 'string') walk(child);
  };
  walk(payload);
  const fallback = (payload as { text?: unknown }).text;
  if (typeof fallback === 'string') out.push(fallback);
  return out;
}

/** The problems of a rendered payload, leaving out the one line meant for the vendor's own words. */
function check(locale: Locale, name: string, payload: unknown): string[] {
  const detail = t(locale, 'slack.step.technical', { error: '' });
  return texts(payload)
    .filter((s) => !s.startsWith(detail))
    .flatMap((s) => problems(locale, s).map((p) => `${name}: ${p} in «${s.slice(0, 120)}»`));
}

const at = new Date('2026-11-30T01:00:00Z');
const replacement: WorkflowView = {
  id: 'wf_1',
  kind: 'replacement',
  status: 'running',
  title: 'Device replacement (broken) · <@U0TARO0001> · F17XK0AB12',
  input: { requesterSlackId: 'U0TARO0001', subjectSlackId: 'U0TARO0001', reason: 'broken', oldDevice: { serial: 'F17XK0AB12' }, newSerial: 'G99NEW0001' },
  state: {},
  requestedById: null,
  subjectPersonId: null,
  slackChannel: 'C0HELP',
  slackThreadTs: '1.2',
  scheduledAt: null,
  createdAt: at,
  finishedAt: null,
};
const offboarding: WorkflowView = {
  ...replacement,
  id: 'wf_2',
  kind: 'offboarding',
  title: 'Offboarding · <@U0HANA0002>',
  input: { requesterSlackId: 'U0HELP0001', subject: { slackUserId: 'U0HANA0002' }, lastWorkingDay: '2026-12-01', devices: [{}, {}] },
};

/** Steps titled by every step key the catalogues hold, one of each status. */
function steps(locale: Locale): StepView[] {
  const keys = Object.keys(catalogs[locale]).filter((k) => /^(replacement|offboarding)\.step\.\w+$/.test(k));
  const statuses = ['pending', 'running', 'waiting', 'succeeded', 'failed', 'skipped', 'cancelled'] as const;
  return keys.map((title, i) => ({
    id: `s${i}`,
    key: title.split('.').pop()!,
    position: i,
    action: 'x',
    title,
    status: statuses[i % statuses.length]!,
    dependsOn: [],
    input: {},
    output: undefined,
    attempts: 0,
    maxAttempts: 3,
    nextRunAt: null,
    lastError: null,
    idempotencyKey: `k${i}`,
    startedAt: null,
    finishedAt: null,
    wait: null,
    decision: false,
  }));
}

/** Failures as adapters and the engine word them (src/adapters/…/errors.ts, src/http/client.ts, src/engine). */
const FAILURES = [
  'intune: Graph answered 409 Conflict: Another operation is in progress (request-id 0f0e)',
  'jamf: Jamf Pro answered 403 INSUFFICIENT_PRIVILEGES: Forbidden — the API role needs the privilege "Send Mobile Device Remote Wipe Command"',
  'abm: /v1/orgDeviceActivities answered 429 (TOO_MANY_REQUESTS: Too many requests)',
  'android: POST /v1/enterprises/e1/devices/d1:issueCommand failed: timeout after 30000 ms; the vendor may have accepted it',
  'snipeit: /api/v1/hardware/12/checkout: That asset is not available for checkout!',
  'simulated MDM: no device dev-404',
  'lost mode is active on F17XK0AB12: disable it (or wipe the device) before deleting its record',
  'ABM is not configured (ABM_PROVIDER=none): unassign the device in Apple Business Manager by hand, then skip this step',
  'TypeError: Cannot read properties of undefined (reading "serial")',
];

/** What a person typed, in their own language (user text is shown as typed, whatever the reader's language). */
const TYPED: Record<Locale, { reason: string; skip: string; summary: string; cancel: string }> = {
  ja: { reason: '予算がありません', skip: 'バックアップ済み', summary: '承認が必要です', cancel: '旧端末が見つかりました' },
  en: { reason: 'no budget', skip: 'backed up already', summary: 'Approval needed', cancel: 'the old phone was found' },
};

/** The reasons the bot stores when a workflow ends (engine.cancel, a step's stop), as the engine keeps them. */
const reasons = (locale: Locale) => [
  'cancelled by U0HELP0001',
  ...(locale === 'ja' ? ['<@U0HELP0001> が中止しました'] : []),
  `rejected by U0BOSS0001: ${TYPED[locale].reason}`,
  'rejected by U0BOSS0001',
  `confirm-backup: refused by U0TARO0001 (${TYPED[locale].reason}); nothing was changed`,
  'no devices found for the leaving person',
  TYPED[locale].cancel,
];

const task = (action: string): ManualTask => ({
  id: 'mt1',
  source: 'clomo',
  action,
  deviceId: 'F17XK0AB12',
  idempotencyKey: 'i1',
  instructionsJson: JSON.stringify({ ja: ['CLOMO PANEL にログインします。'], en: ['Log in to CLOMO PANEL.'] }),
  status: 'pending',
  decidedBy: null,
  decidedAt: null,
  note: null,
  workflowId: 'wf_1',
  slackChannel: null,
  slackMessageTs: null,
  createdAt: at,
});

describe.each(LOCALES)('rendered messages in %s', (locale) => {
  it('read in their own language, with mentions that render and every placeholder filled', () => {
    const found: string[] = [];
    const see = (name: string, payload: unknown) => found.push(...check(locale, name, payload));
    see('parent replacement', renderParent(locale, replacement, steps(locale)));
    see('parent offboarding', renderParent(locale, offboarding, steps(locale)));
    const step = steps(locale)[0]!;
    for (const to of ['running', 'succeeded', 'waiting', 'skipped', 'pending'])
      see(`step ${to}`, renderStepEvent(locale, step, to, to === 'skipped' ? TYPED[locale].skip : null, 'U0HELP0001'));
    for (const error of FAILURES) see(`failed step (${error.slice(0, 30)})`, renderStepFailed(locale, 'wf_1', step, error));
    for (const reason of reasons(locale))
      see(
        `finished (${reason.slice(0, 30)})`,
        renderWorkflowFinished(locale, { ...replacement, status: 'cancelled' }, 'https://x.slack.com/archives/C/p1', reason),
      );
    see('finished ok', renderWorkflowFinished(locale, { ...offboarding, status: 'succeeded' }, null, null));
    for (const error of FAILURES)
      see(
        'note with an error',
        renderNote(locale, {
          kind: 'error',
          text: { key: 'offboarding.summary.deviceFailed', params: { device: 'F17XK0AB12', step: 'offboarding.step.wipe', error } },
        }),
      );
    // a plan's rule lines: the rule by its name, its document by its title, never a code or a file name
    const rules = [
      ...Object.values(RISK_RULES),
      { code: 'decision_table', source: SOURCES.clomoDecisionTable },
      { code: 'wipe_options', source: SOURCES.clomoWipe },
    ];
    see(
      'plan rules',
      renderNote(locale, {
        kind: 'warning',
        text: { key: 'offboarding.guided.waiting', params: { device: 'F17XK0AB12', action: 'remove_profiles', source: 'clomo' } },
        items: rules.map((r) => ruleText({ code: r.code, document: r.source.document, section: r.source.section })),
      }),
    );
    see('decision', renderDecisionRequest(locale, 'ap1', { kind: 'approval', summary: { key: 'replacement.step.approve' } }, ['U0BOSS0001']));
    see('decision outcome', renderDecisionOutcome(locale, TYPED[locale].summary, 'rejected', 'U0BOSS0001', '12/01 10:00', TYPED[locale].reason));
    for (const action of ['wipe', 'retire', 'delete', 'remove_profiles', 'revoke_vpp_licenses'])
      see(`manual ${action}`, renderManualTask(locale, task(action)));
    see('help', helpBlocks(locale, true));
    see('bulk modal', bulkOffboardModal(locale));
    for (const kind of ['reject', 'failed', 'skip'] as const) see(`reason modal ${kind}`, reasonModal(locale, kind, { w: 'wf_1', s: 'wipe' }));
    see('replace modal', replaceModal(locale, { meta: { r: 'U0TARO0001' }, subject: 'U0TARO0001', devices: 'loading', pickOthers: true }));
    see('offboard modal', offboardModal(locale, 'U0HELP0001', 'U0HANA0002', [], '18:00', ['mdm:intune']).view);
    const dm = t(locale, 'slack.dm.started', { title: workflowTitle(locale, replacement, 'mrkdwn'), link: 'https://x.slack.com/archives/C/p1' });
    see('requester DM', { text: dm, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: dm } }] as KnownBlock[] });
    expect(found).toEqual([]);
  });
});

describe('a failed step says what went wrong in the reader’s words, the vendor’s words only below', () => {
  const step = { title: 'replacement.step.announce', key: 'announce' };
  const lead = (locale: Locale, error: string) => {
    const blocks = renderStepFailed(locale, 'wf_1', step, error).blocks as { type: string; text?: { text: string }; elements?: { text: string }[] }[];
    return { section: blocks[0]!.text!.text, detail: blocks[1]!.elements![0]!.text };
  };

  it('Intune 409 is a conflict Intune answered, with its HTTP status; the Graph text stays in the context line', () => {
    const ja = lead('ja', FAILURES[0]!);
    expect(ja.section).toContain('Intune が競合を返しました（HTTP 409）。');
    expect(ja.section).not.toContain('Graph answered');
    expect(ja.detail).toContain('intune: Graph answered 409 Conflict');
    expect(lead('en', FAILURES[0]!).section).toContain('Intune answered with a conflict (HTTP 409).');
  });

  it('names the system and the kind for each vendor, and blames no vendor for the bot’s own failures', () => {
    expect(lead('ja', FAILURES[1]!).section).toContain('Jamf Pro でボットの権限が不足しています（HTTP 403）。');
    expect(lead('ja', FAILURES[2]!).section).toContain('Apple Business Manager から、要求が多すぎるので間隔を空けるよう求められました（HTTP 429）。');
    expect(lead('ja', FAILURES[3]!).section).toContain('Android Enterprise に送った操作に応答がなく、受け付けられたかどうか分かりません。');
    expect(lead('ja', FAILURES[4]!).section).toContain('Snipe-IT が競合を返しました。');
    expect(lead('en', FAILURES[6]!).section).toContain('Something blocks this operation.');
    expect(lead('en', FAILURES[8]!).section).toContain('Something unexpected went wrong.');
  });
});

describe('a finished workflow says why in the reader’s words', () => {
  const finished = (locale: Locale, reason: string) =>
    (renderWorkflowFinished(locale, { ...replacement, status: 'cancelled' }, null, reason).blocks[0] as { text: { text: string } }).text.text;

  it('shows the person who cancelled or rejected as a mention, never escaped', () => {
    expect(finished('ja', 'cancelled by U0HELP0001')).toContain('<@U0HELP0001> が中止しました');
    expect(finished('ja', '<@U0HELP0001> が中止しました')).toContain('<@U0HELP0001> が中止しました');
    expect(finished('en', 'rejected by U0BOSS0001: no budget')).toContain('rejected by <@U0BOSS0001> (reason: no budget)');
  });

  it('escapes what a person typed inside the reason', () => {
    expect(finished('en', 'rejected by U0BOSS0001: ask <!channel>')).toContain('&lt;!channel&gt;');
  });
});
