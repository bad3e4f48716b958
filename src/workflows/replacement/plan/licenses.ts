// Licenses: at zero free licenses the new device cannot activate until the old one's license is released
// (DOMAIN.md, replacement facts 1–3), so the plan warns, and says so loudly when there is nothing to release.
import { licensesUnknown, noFreeLicenses } from '../../../domain/device-risks';
import type { PlanContext } from './context';
import type { PlanWarning } from './types';
import { warning } from './warning';

/** The old device's license is one the new device can use: it sits in the MDM the new device enrolls into. */
export function releasableLicense(ctx: PlanContext): boolean {
  return ctx.oldMdm !== null && ctx.oldMdm.source === ctx.facts.license.source;
}

export function licenseWarnings(ctx: PlanContext): PlanWarning[] {
  const lic = ctx.facts.license;
  const source = lic.source ?? '?';
  if (licensesUnknown(lic)) return [warning('licensesUnknown', 'warning', { source, note: lic.note ?? '' })];
  if (!noFreeLicenses(lic)) return [];
  const warnings = [warning('zeroLicenses', 'warning', { source, used: lic.used ?? null, total: lic.total ?? null })];
  if (!releasableLicense(ctx) && !ctx.facts.newDevice.mdm) warnings.push(warning('zeroLicensesNothingToRelease', 'error', { source }));
  return warnings;
}
