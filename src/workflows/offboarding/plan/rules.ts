// A plan warning that names the domain rule it comes from and the source document's section (src/domain): the
// thread shows both, so a reader can check the plan against the document.
import type { SourceRef } from '../../../domain/sources';
import type { PlanWarning } from './types';

export function ruled(rule: { code: string; source: SourceRef }, warning: Omit<PlanWarning, 'rule'>): PlanWarning {
  return { ...warning, rule: { code: rule.code, document: rule.source.document, section: rule.source.section } };
}
