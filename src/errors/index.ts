import { scrub } from '../log/scrub';

// The typed errors every port and the engine share. The engine only asks two questions of an error:
// is it worth retrying (`retryable`), and how long to wait first (`retryAfterMs`).

export type ErrorKind = 'not_found' | 'unauthorized' | 'forbidden' | 'throttled' | 'conflict' | 'blocked' | 'transient' | 'permanent' | 'validation';

export interface ErrorDetails {
  /** which outside system answered (intune, jamf, abm, snipeit, slack, …) */
  system?: string;
  /** HTTP status, when there was one */
  status?: number;
  /** vendor error code, e.g. Graph's "Request_ResourceNotFound" */
  code?: string;
  cause?: unknown;
}

export abstract class DeviceBotError extends Error {
  abstract readonly kind: ErrorKind;
  abstract readonly retryable: boolean;
  retryAfterMs?: number;
  readonly system?: string;
  readonly status?: number;
  readonly code?: string;
  constructor(message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.system = details.system;
    this.status = details.status;
    this.code = details.code;
  }
}

/** Trying again cannot help: a person (or a different request) has to change something first. */
abstract class FinalError extends DeviceBotError {
  readonly retryable = false;
}

/** The device, person or record asked for does not exist (HTTP 404, no such user in the ledger). */
export class NotFoundError extends FinalError {
  readonly kind = 'not_found' as const;
}

/** The credentials were refused (HTTP 401, a token endpoint's refusal): an admin fixes the secret. */
export class UnauthorizedError extends FinalError {
  readonly kind = 'unauthorized' as const;
}

/** The credentials work but lack a permission; `missingPermission` names it for the admin. */
export class ForbiddenError extends FinalError {
  readonly kind = 'forbidden' as const;
  constructor(
    message: string,
    readonly missingPermission?: string,
    details: ErrorDetails = {},
  ) {
    super(message, details);
  }
}

/** Rate-limited (HTTP 429): retried after `retryAfterMs` when the vendor said how long. */
export class ThrottledError extends DeviceBotError {
  readonly kind = 'throttled' as const;
  readonly retryable = true;
  constructor(message: string, retryAfterMs?: number, details: ErrorDetails = {}) {
    super(message, details);
    this.retryAfterMs = retryAfterMs;
  }
}

/** The change clashes with the current state (HTTP 409, a sync already running). */
export class ConflictError extends FinalError {
  readonly kind = 'conflict' as const;
}

/** Something on the device or in the vendor blocks the action until a human clears it. */
export type BlockReason = 'vpp_licenses' | 'certificate' | 'lost_mode' | 'unsupported_configuration' | 'other';
export class BlockedError extends FinalError {
  readonly kind = 'blocked' as const;
  constructor(
    message: string,
    readonly reason: BlockReason,
    details: ErrorDetails = {},
  ) {
    super(message, details);
  }
}

/** Timeouts, connection resets, 5xx: worth trying again. */
export class TransientError extends DeviceBotError {
  readonly kind = 'transient' as const;
  readonly retryable = true;
  constructor(message: string, details: ErrorDetails & { retryAfterMs?: number } = {}) {
    super(message, details);
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** A request that changes something at the vendor (a POST: wipe, delete, an ABM activity) got no clear answer — a
 *  timeout, a reset connection, a 5xx — so the vendor may or may not have accepted it. Never retried as is: the
 *  step that made it asks the vendor whether the command arrived before sending it again (issue 12). Retryable,
 *  so that the engine runs that step again, after Retry-After when the answer named one. */
export class OutcomeUnknownError extends TransientError {
  readonly outcomeUnknown = true;
}

/** Any other failure that retrying would only repeat (an unexpected 4xx, a vendor's "200 but failed", a step only a
 *  human can do): the operator retries or skips the step once it is dealt with. */
export class PermanentError extends FinalError {
  readonly kind = 'permanent' as const;
}

/** The request itself is wrong: bad input (ours, or HTTP 400/422 from a vendor), an operator action not allowed now. */
export class ValidationError extends FinalError {
  readonly kind = 'validation' as const;
}

/** Unknown errors (bugs, programming errors) are not retried: a human looks first. */
export function isRetryable(error: unknown): boolean {
  return error instanceof DeviceBotError && error.retryable;
}

export function retryAfterOf(error: unknown): number | undefined {
  return error instanceof DeviceBotError ? error.retryAfterMs : undefined;
}

/** An error's message fit to be stored (a step's lastError, an audit row) or shown (Slack): secrets scrubbed,
 *  whatever threw it — a vendor's answer, a library, a bug (src/log/scrub.ts). */
export function errorMessage(error: unknown): string {
  return scrub(error instanceof Error ? error.message : String(error));
}
