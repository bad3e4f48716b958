// The step toolkit both workflows' step actions use: reading a step's input and state, talking in the thread,
// polling, deadlines an operator's Retry restarts, failures a Retry starts over (with a new vendor idempotency
// key), and destructive vendor calls made once per round (issueOnce: commandOnce, activityOnce).
export { issueOnce, settleIntent, type Lookup, type Once, type OnceCall } from './issue-once';
export { activityOnce, commandOnce, waitForVendor } from './vendor-once';
export { inputOf, ledgerActor, stateOf, stringField, subKey, type Ctx } from './context';
export { checkDeadline, deadlineAt, type Deadline, type DeadlineCheck } from './deadline';
export { nullIfNotFound } from './not-found';
export { failureToThrow, recordFailure, roundKey, type Failure, type Retryable } from './operator-retry';
export { poll, pollUntil, type PollTiming, type WaitResult } from './poll';
export { askDecision, note, tell } from './thread';
