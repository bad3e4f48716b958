// The old device's backup: confirmed by the requester; asked for first while the old phone still works (upgrade,
// or "don't know"); else warned that there is nothing to restore from (DOMAIN.md, replacement fact 6.4). A lost or
// stolen phone whose backup nobody knows about cannot be backed up any more, and its automatic iCloud (or
// Google) backup is the only way back: the person is told to try restoring from it first, and what to do when
// there is none (issue 13, item 7). Only "no backup" said outright means setting up as new.
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
  if (ctx.lostOrStolen && input.backup === 'unknown') {
    return { backup: 'try_cloud', warnings: [warning(`tryCloudBackup.${family}`, 'warning', { name: ctx.oldName })] };
  }
  if (!ctx.lostOrStolen && (input.reason === 'upgrade' || input.backup === 'unknown')) {
    return { backup: 'ask', warnings: [warning(`backupFirst.${family}`, 'warning', { name: ctx.oldName, days: ctx.policy.backupMaxAgeDays })] };
  }
  return { backup: 'missing', warnings: [warning(`noBackup.${family}`, 'warning', { name: ctx.oldName })] };
}
