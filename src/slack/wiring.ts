// Small adapters between the runtime and the modules that take narrower dependency objects.
import type { ApprovalDeps } from './approvals';
import type { SlackRuntime } from './runtime';

export function approvalDeps(rt: SlackRuntime): ApprovalDeps {
  return rt;
}
