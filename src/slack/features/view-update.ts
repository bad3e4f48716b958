// Updating an open modal whose content depends on a choice the person just made (the person picker: that
// person's devices). Two updates may race — the look-up for the first person finishing after the person was
// changed — and Slack refuses a stale one with hash_conflict. Swallowing that error could leave the previous
// person's list on screen; here the latest choice made in this process wins instead: a superseded update stops,
// and the latest one, refused only because an older update landed first, is sent again without the hash.
// (Across bot processes the submission is the guard: the device block's id names its person.)
import type { ModalView } from '@slack/types';
import type { SlackRuntime } from '../runtime';

const latest = new Map<string, number>();
let counter = 0;

function slackError(error: unknown): string | undefined {
  return (error as { data?: { error?: string } }).data?.error;
}

async function update(
  rt: Pick<SlackRuntime, 'client' | 'logger'>,
  viewId: string,
  hash: string | undefined,
  view: ModalView,
  current: () => boolean,
): Promise<string | undefined | null> {
  try {
    return (await rt.client.views.update({ view_id: viewId, ...(hash ? { hash } : {}), view })).view?.hash;
  } catch (error) {
    if (slackError(error) !== 'hash_conflict' || !current()) {
      rt.logger.debug('views.update skipped', { error: (error as Error).message });
      return null;
    }
    try {
      return (await rt.client.views.update({ view_id: viewId, view })).view?.hash;
    } catch (again) {
      rt.logger.warn('views.update failed twice', { error: (again as Error).message });
      return null;
    }
  }
}

/** Shows `loading` (when given) at once, then what `load` builds, unless a newer choice came meanwhile. */
export async function updateViewLatest(
  rt: Pick<SlackRuntime, 'client' | 'logger'>,
  viewId: string,
  hash: string | undefined,
  steps: { loading: ModalView | null; load: () => Promise<ModalView> },
): Promise<void> {
  const token = ++counter;
  latest.set(viewId, token);
  const current = () => latest.get(viewId) === token;
  try {
    let next: string | undefined = hash;
    if (steps.loading) {
      const h = await update(rt, viewId, next, steps.loading, current);
      if (h === null) return;
      next = h;
    }
    const view = await steps.load();
    if (!current()) return;
    await update(rt, viewId, next, view, current);
  } finally {
    if (current()) latest.delete(viewId);
  }
}
