// Retry a failed step (step.retry: the helpdesk, checked by the middleware it is registered behind). A second
// press finds the step no longer failed and is told so.
import type { SlackRuntime } from '../../runtime';
import { operatorAction } from './operator-action';

export const stepRetry = (rt: SlackRuntime) => operatorAction(rt, 'retried', (ref, user) => rt.engine.retryStep(ref.w, ref.s ?? '', user));
