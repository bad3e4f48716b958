// The typed errors every port and the engine share. The engine only asks two questions of an error:
// is it worth retrying (`retryable`), and how long to wait first (`retryAfterMs`).

export type ErrorKind =
  | 'not_found'
  | 'unauthorized'
  | 'forbidden'
  | 'throttled'
  | 'conflict'
  | 'blocked'
  | 'transient'
  | 'permanent'
  | 'validation';

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

export class NotFoundError extends DeviceBotError {
  readonly kind = 'not_found' as const;
  readonly retryable = false;
}

export class UnauthorizedError extends DeviceBotError {
  readonly kind = 'unauthorized' as const;
  readonly retryable = false;
}

/** The credentials work but lack a permission; `missingPermission` names it for the admin. */
export class ForbiddenError extends DeviceBotError {
  readonly kind = 'forbidden' as const;
  readonly retryable = false;
  constructor(message: string, readonly missingPermission?: string, details: ErrorDetails = {}) {
    super(message, details);
  }
}

export class ThrottledError extends DeviceBotError {
  readonly kind = 'throttled' as const;
  readonly retryable = true;
  constructor(message: string, retryAfterMs?: number, details: ErrorDetails = {}) {
    super(message, details);
    this.retryAfterMs = retryAfterMs;
  }
}

export class ConflictError extends DeviceBotError {
  readonly kind = 'conflict' as const;
  readonly retryable = false;
}

/** Something on the device or in the vendor blocks the action until a human clears it. */
export type BlockReason = 'vpp_licenses' | 'certificate' | 'lost_mode' | 'unsupported_configuration' | 'other';
export class BlockedError extends DeviceBotError {
  readonly kind = 'blocked' as const;
  readonly retryable = false;
  constructor(message: string, readonly reason: BlockReason, details: ErrorDetails = {}) {
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

export class PermanentError extends DeviceBotError {
  readonly kind = 'permanent' as const;
  readonly retryable = false;
}

export class ValidationError extends DeviceBotError {
  readonly kind = 'validation' as const;
  readonly retryable = false;
}

/** Unknown errors (bugs, programming errors) are not retried: a human looks first. */
export function isRetryable(error: unknown): boolean {
  return error instanceof DeviceBotError && error.retryable;
}

export function retryAfterOf(error: unknown): number | undefined {
  return error instanceof DeviceBotError ? error.retryAfterMs : undefined;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
