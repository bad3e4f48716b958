// Which kind each workflow is. Every TransitionEvent names its workflow's kind (observers such as the Slack
// layer choose their texts by it). A claim reads the kind with the step for free; signals and operator actions
// would need one query each, so the kinds seen are kept here.
import type { Db } from '../db/client';

/** Past this many entries the cache starts again: a forgotten kind costs one query, not a wrong answer. */
const MAX_ENTRIES = 10_000;

export class WorkflowKinds {
  private readonly kinds = new Map<string, string>();

  constructor(private readonly db: Db) {}

  remember(workflowId: string, kind: string): void {
    if (this.kinds.size > MAX_ENTRIES) this.kinds.clear();
    this.kinds.set(workflowId, kind);
  }

  async of(workflowId: string): Promise<string> {
    const known = this.kinds.get(workflowId);
    if (known) return known;
    const kind = (await this.db.workflow.findUnique({ where: { id: workflowId }, select: { kind: true } }))?.kind ?? 'unknown';
    this.remember(workflowId, kind);
    return kind;
  }
}
