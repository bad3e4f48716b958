// Whether, and how, the thread is told that a step was skipped. A person's Skip is always said (who, and their own
// reason). A skip the bot makes itself is said only when it carries a message a person needs (e.g. "ABM is not
// configured: unassign the old device by hand"), in the channel's language; otherwise its goal was already met and
// the parent's checklist (⏭) and the summary say enough. The English `reason` of a bot's skip is for the audit
// trail: it is never shown in the thread (a Japanese thread holds no English).
import type { JsonObject } from '../../engine/types';
import { t, type Locale } from '../../i18n';
import { namedParamWords } from '../render/param-words';
import { renderStepEvent, type Rendered } from '../render/workflow';

export interface SkipFacts {
  /** a person's skip (an operator pressed Skip), rather than the engine's */
  byPerson: boolean;
  actor: string | null;
  /** the operator's reason, or the bot's (audit) reason */
  reason: string | null;
  /** the bot's message for people (catalogue key + params) */
  message?: { key?: string; params?: Record<string, string | number> } | null;
}

/** The engine's own transitions carry `engine:<instance>` (an unnamed actor is the engine's too). */
export function isEngineActor(actor: string | null | undefined): boolean {
  return !actor || actor === 'engine' || actor.startsWith('engine:');
}

/** The skip as the event detail or the step's stored output carries it: a reason text, or { reason, message }. */
export function skipDetail(detail: unknown): Pick<SkipFacts, 'reason' | 'message'> {
  if (typeof detail === 'string') return { reason: detail };
  if (!detail || typeof detail !== 'object') return { reason: null };
  const d = detail as { reason?: unknown; message?: unknown };
  const message = d.message && typeof d.message === 'object' ? (d.message as JsonObject as SkipFacts['message']) : null;
  return { reason: typeof d.reason === 'string' ? d.reason : null, message };
}

/** The thread reply for a skip, or null when the skip is not news. */
export function renderSkip(locale: Locale, step: { title: string; key: string }, skip: SkipFacts): Rendered | null {
  if (skip.byPerson) return renderStepEvent(locale, step, 'skipped', skip.reason, skip.actor);
  const key = skip.message?.key;
  if (!key) return null;
  return renderStepEvent(locale, step, 'skipped', t(locale, key, namedParamWords(locale, skip.message?.params ?? {})), null);
}
