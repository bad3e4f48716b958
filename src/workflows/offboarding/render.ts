// How a plan is said: the thread notes the gather step posts, and the same notes as plain text for the
// command-line dry run. One source, so the CLI shows exactly what the thread would.
import { t, type Locale } from '../../i18n';
import type { Text, ThreadNote } from '../../ports/chat';
import type { DevicePlan, OffboardingPlan, PlanWarning } from './plan';

export function warningText(w: PlanWarning): Text {
  return { key: `offboarding.warning.${w.code}`, params: w.params ?? {} };
}

export function personName(plan: Pick<OffboardingPlan, 'person'>): string {
  const p = plan.person;
  return p.displayName ?? p.email ?? p.slackUserId ?? '?';
}

export function deviceNote(device: DevicePlan): ThreadNote {
  const worst = device.warnings.some((w) => w.level === 'danger') ? 'warning' : device.warnings.some((w) => w.level === 'warning') ? 'warning' : 'info';
  return {
    kind: worst,
    text: {
      key: 'offboarding.plan.device',
      params: { device: device.label, cell: `offboarding.cell.${device.wipe ? 'wipe' : 'keep'}.${device.column}`, afterwards: `offboarding.afterwards.${device.decision.afterwards}` },
    },
    items: [
      ...device.ops.map((op, i): Text => ({ key: 'offboarding.plan.op', params: { n: i + 1, step: op.title } })),
      ...device.warnings.map(warningText),
    ],
  };
}

export function planNotes(plan: OffboardingPlan): ThreadNote[] {
  const header: ThreadNote = {
    kind: 'info',
    text: { key: plan.runAt ? 'offboarding.plan.headerScheduled' : 'offboarding.plan.header', params: { person: personName(plan), count: plan.devices.length, runAt: plan.runAt } },
    items: plan.warnings.map(warningText),
  };
  return [header, ...plan.devices.map(deviceNote)];
}

/** Params whose value is itself a catalogue key (cell, afterwards, step) are translated too. */
export function renderText(locale: Locale, text: Text): string {
  const params: Record<string, string | number | boolean | null> = {};
  for (const [k, v] of Object.entries(text.params ?? {})) params[k] = typeof v === 'string' && v.startsWith('offboarding.') ? t(locale, v) : v;
  return t(locale, text.key, params);
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
