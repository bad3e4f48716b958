// A ChatPort (and ReportPort) that records every call, for workflow scenario tests: what was posted in which
// thread, who got a DM, which decisions were requested. Texts are rendered with the real catalogues, so a test
// can assert the words a person would read, and a missing catalogue key shows up as the raw key.
import { t, type Locale } from '../../../src/i18n';
import type { ChannelReport, ChatPort, DecisionRequest, ReportPort, Text, ThreadNote } from '../../../src/ports/chat';

export type ChatEvent =
  | { type: 'thread'; workflowId: string; note: ThreadNote }
  | { type: 'dm'; userId: string; workflowId?: string; note: ThreadNote }
  | { type: 'decision'; request: DecisionRequest };

export class RecordingChat implements ChatPort, ReportPort {
  readonly events: ChatEvent[] = [];
  readonly reports: ChannelReport[] = [];
  /** request ids already seen, to honour the port's "idempotent per step" contract for decisions */
  private readonly decisionKeys = new Set<string>();

  async postToThread(workflowId: string, note: ThreadNote): Promise<void> {
    this.events.push({ type: 'thread', workflowId, note: structuredClone(note) });
  }

  async requestDecision(request: DecisionRequest): Promise<void> {
    const key = `${request.workflowId}:${request.stepKey}`;
    if (this.decisionKeys.has(key)) return;
    this.decisionKeys.add(key);
    this.events.push({ type: 'decision', request: structuredClone(request) });
  }

  async notifyUser(slackUserId: string, note: ThreadNote, workflowId?: string): Promise<void> {
    this.events.push({ type: 'dm', userId: slackUserId, workflowId, note: structuredClone(note) });
  }

  async postReport(report: ChannelReport): Promise<void> {
    this.reports.push(structuredClone(report));
  }

  /** Thread notes of one workflow, in order; the parts of a note (ThreadNote.sections) follow it as notes of their
   *  own, progress notes included (what the step said, whether or not Slack shows it as a reply). */
  thread(workflowId: string): ThreadNote[] {
    return this.events.flatMap((e) => (e.type === 'thread' && e.workflowId === workflowId ? [e.note, ...(e.note.sections ?? [])] : []));
  }

  /** The notes Slack shows as thread replies: one per post (parts inside it), progress notes left out. */
  posts(workflowId: string): ThreadNote[] {
    return this.events.flatMap((e) => (e.type === 'thread' && e.workflowId === workflowId && !e.note.progress ? [e.note] : []));
  }

  /** The catalogue keys posted in the thread (main text only), in order. */
  threadKeys(workflowId: string): string[] {
    return this.thread(workflowId).map((n) => n.text.key);
  }

  /** The thread rendered as a person reading it in `locale` would see it: one string per note. */
  renderThread(workflowId: string, locale: Locale = 'en'): string[] {
    return this.thread(workflowId).map((n) => renderNote(n, locale));
  }

  dms(userId: string): ThreadNote[] {
    return this.events.flatMap((e) => (e.type === 'dm' && e.userId === userId ? [e.note] : []));
  }

  decisions(workflowId: string): DecisionRequest[] {
    return this.events.flatMap((e) => (e.type === 'decision' && e.request.workflowId === workflowId ? [e.request] : []));
  }

  decision(workflowId: string, stepKey: string): DecisionRequest | undefined {
    return this.decisions(workflowId).find((d) => d.stepKey === stepKey);
  }
}

export function renderText(text: Text, locale: Locale): string {
  return t(locale, text.key, text.params ?? {});
}

export function renderNote(note: ThreadNote, locale: Locale): string {
  const lines = [`[${note.kind}] ${renderText(note.text, locale)}`];
  for (const item of note.items ?? []) lines.push(`  - ${renderText(item, locale)}`);
  if (note.action) lines.push(`  → ${renderText(note.action, locale)}`);
  return lines.join('\n');
}
