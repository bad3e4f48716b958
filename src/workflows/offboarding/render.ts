// How a plan is said: the thread notes the gather step posts, and the same notes as plain text for the
// command-line dry run. One source, so the CLI shows exactly what the thread would.
import { SOURCES } from '../../domain/sources';
import { t, type Locale } from '../../i18n';
import { namedParamWordsFor } from '../../i18n/param-words';
import { formatDateTime } from '../../i18n/time';
import type { Text, ThreadNote } from '../../ports/chat';
import type { DevicePlan, OffboardingPlan, PlanWarning, RuleRef } from './plan';

export function warningText(w: PlanWarning): Text {
  return { key: `offboarding.warning.${w.code}`, params: w.params ?? {} };
}

/** "rule: … — source: <document>「<section>」": where a warning comes from, shown right under it. */
export function ruleText(rule: RuleRef): Text {
  // a check of the bot's own (no document) is named by its rule alone: its "section" is an English note for DOMAIN.md
  if (!rule.document) return { key: 'offboarding.plan.ruleOnly', params: { rule: rule.code } };
  return { key: 'offboarding.plan.rule', params: { rule: rule.code, source: `${rule.document}「${rule.section}」` } };
}

/** A warning, and the rule and source section behind it when it has one. */
export function warningTexts(w: PlanWarning): Text[] {
  return w.rule ? [warningText(w), ruleText(w.rule)] : [warningText(w)];
}

export function personName(plan: Pick<OffboardingPlan, 'person'>): string {
  const p = plan.person;
  return p.displayName ?? p.email ?? p.slackUserId ?? '?';
}

/** The device and its decision-table cell: one catalogue key per cell, because the chat layer translates a
 *  note's key, not keys nested in its params. */
export function deviceCellText(device: Pick<DevicePlan, 'label' | 'wipe' | 'column'> & { erases?: boolean }): Text {
  // What really happens to the data: a "keep" row whose removal wipes the device (Android) or whose queued wipe
  // runs anyway says "erased", never "not wiped" (plans made before `erases` existed read the row).
  const row = device.wipe ? 'wipe' : device.erases ? 'erased' : 'keep';
  return { key: `offboarding.plan.device.${row}.${device.column}`, params: { device: device.label } };
}

export function deviceNote(device: DevicePlan): ThreadNote {
  const worst = device.warnings.some((w) => w.level === 'danger' || w.level === 'warning') ? 'warning' : 'info';
  return {
    kind: worst,
    text: deviceCellText(device),
    items: [
      ...device.ops.map((op): Text => ({ key: op.title })),
      { key: `offboarding.plan.afterwards.${device.decision.afterwards}` },
      // the cell's steps come from the removal guide's decision table
      ruleText({ code: 'decision_table', document: SOURCES.clomoDecisionTable.document, section: SOURCES.clomoDecisionTable.section }),
      ...device.warnings.flatMap(warningTexts),
    ],
  };
}

/** "2026-11-30 18:00 (Asia/Tokyo)": the run time as the company reads it. */
export function formatRunAt(iso: string, timeZone: string): string {
  return `${formatDateTime(new Date(iso), timeZone)} (${timeZone})`;
}

export function planNotes(plan: OffboardingPlan, options: { timeZone: string }): ThreadNote[] {
  const header: ThreadNote = {
    kind: 'info',
    text: {
      key: plan.runAt ? 'offboarding.plan.headerScheduled' : 'offboarding.plan.header',
      params: { person: personName(plan), count: plan.devices.length, runAt: plan.runAt ? formatRunAt(plan.runAt, options.timeZone) : null },
    },
    items: plan.warnings.map(warningText),
  };
  return [header, ...plan.devices.map(deviceNote)];
}

/** Devices described inside the plan's one post; a leaver with more (rare) gets the rest one post each. Ten
 *  device parts stay well inside Slack's 50 blocks a message. */
const DEVICES_IN_PLAN_POST = 10;

/** The plan as the thread shows it: one post, the header and each device as a part of it (issue 15). */
export function planPosts(plan: OffboardingPlan, options: { timeZone: string }): ThreadNote[] {
  const [header, ...devices] = planNotes(plan, options);
  const inside = devices.slice(0, DEVICES_IN_PLAN_POST);
  const first: ThreadNote = {
    ...header!,
    ...(inside.length ? { kind: inside.some((d) => d.kind === 'warning') ? 'warning' : header!.kind, sections: inside } : {}),
  };
  return [first, ...devices.slice(DEVICES_IN_PLAN_POST)];
}

/** A note's text for a terminal: the same words as the thread (a rule, a step, a source said in words, not as its
 *  code), without Slack's escaping. */
export function renderText(locale: Locale, text: Text): string {
  return t(locale, text.key, namedParamWordsFor(locale, text.params ?? {}));
}

export function renderNotes(locale: Locale, notes: ThreadNote[]): string {
  const lines: string[] = [];
  for (const n of notes) {
    lines.push(renderText(locale, n.text));
    for (const item of n.items ?? []) lines.push(`  - ${renderText(locale, item)}`);
    if (n.action) lines.push(`  → ${renderText(locale, n.action)}`);
  }
  return lines.join('\n');
}
