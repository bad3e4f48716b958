// A replacement warning: catalogue keys replacement.warning.<code> and, when a person has something to do about
// it, replacement.warning.<code>.action with the same params.
import type { Text } from '../../../ports/chat';
import type { PlanWarning, Severity } from './types';

export function warning(code: string, severity: Severity, params: Text['params'] = {}, withAction = true): PlanWarning {
  return {
    code,
    severity,
    text: { key: `replacement.warning.${code}`, params },
    ...(withAction ? { action: { key: `replacement.warning.${code}.action`, params } } : {}),
  };
}
