// One device risk: a stable code, the facts a text about it needs, and the source section the rule comes from.
// Rules only say *that* a risk applies; each caller (the replacement and offboarding planners, /device lookup)
// maps the code to its own text and weight, because the same fact matters differently in each (lost mode is a
// blocker before a record is deleted, a note when the device is wiped anyway).
import type { SourceRef } from '../sources';

/** The facts each risk carries, by code. */
export interface RiskFacts {
  lost_mode_active: Record<string, never>;
  lost_mode_unknown: Record<string, never>;
  vpp_licenses: { count: number };
  blocking_certificate: Record<string, never>;
  auto_installed_apps: { count: number };
  delete_wipes_device: Record<string, never>;
  mdm_profile_stays: Record<string, never>;
  ade_still_assigned: { server: string | null };
  no_free_licenses: { free: number };
  licenses_unknown: Record<string, never>;
  vendor_side_effect: { action: string; note: string };
  ledger_mdm_user_differs: { ledgerUser: string; mdmUser: string };
  ledger_gone_but_managed: Record<string, never>;
  no_ledger_record: Record<string, never>;
  in_use_but_not_in_mdm: Record<string, never>;
  removal_still_queued: { command: 'wipe' | 'retire' };
  deletion_blockers_unknown: { vpp: boolean; certificate: boolean };
  activation_lock: { state: 'enabled' | 'unknown'; bypassCode: boolean };
}

export type DeviceRiskCode = keyof RiskFacts;

/** One risk; without a parameter, the union of every risk, so that a switch on `code` narrows `facts`. */
export type DeviceRisk<C extends DeviceRiskCode = DeviceRiskCode> = C extends DeviceRiskCode ? { code: C; facts: RiskFacts[C]; source: SourceRef } : never;

/** What a rule is, as data: its code, one sentence of what it says, and where it comes from. */
export interface RiskRule<C extends DeviceRiskCode> {
  code: C;
  says: string;
  source: SourceRef;
}

export function raise<C extends DeviceRiskCode>(rule: RiskRule<C>, facts: RiskFacts[C]): DeviceRisk<C> {
  return { code: rule.code, facts, source: rule.source } as DeviceRisk<C>;
}

type CountedCode = { [C in DeviceRiskCode]: RiskFacts[C] extends { count: number } ? C : never }[DeviceRiskCode];

/** Rules about things a device carries (licenses, apps): raised from one on, with the count; zero or an unknown
 *  count (null) is no risk. */
export function raiseIfAny<C extends CountedCode>(rule: RiskRule<C>, count: number | null): DeviceRisk<C> | null {
  return count !== null && count > 0 ? raise(rule, { count } as RiskFacts[C]) : null;
}
