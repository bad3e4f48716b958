// The old device's backup: confirmed by the requester; asked for first while the old phone still works (upgrade,
// or "don't know"); else warned that there is nothing to restore from (DOMAIN.md, replacement fact 6.4).
import type { PlatformFamily } from '../../../domain/platform';
import type { PlanContext } from './context';
import type { PlanDecisions, PlanWarning } from './types';
import { warning } from './warning';

/** Which texts apply: iCloud (Apple) or Google (Android). */
export function backupFamily(newPlatform: PlatformFamily): 'apple' | 'android' {
  return newPlatform === 'android' ? 'android' : 'apple';
}

export function planBackup(ctx: PlanContext, newPlatform: PlatformFamily): { backup: PlanDecisions['backup']; warnings: PlanWarning[] } {
  const { input } = ctx;
  const family = backupFamily(newPlatform);
  if (!ctx.old || newPlatform === 'other') return { backup: 'not_applicable', warnings: [] };
  if (input.backup === 'yes') return { backup: 'confirmed', warnings: [] };
  if (!ctx.lostOrStolen && (input.reason === 'upgrade' || input.backup === 'unknown')) {
    return { backup: 'ask', warnings: [warning(`backupFirst.${family}`, 'warning', { name: ctx.oldName, days: ctx.policy.backupMaxAgeDays })] };
  }
  return { backup: 'missing', warnings: [warning(`noBackup.${family}`, 'warning', { name: ctx.oldName })] };
}
