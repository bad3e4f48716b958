// A device that leaves the company for good (disposed of, retired) must also leave ABM, or it enrols again as
// pre-registered (clomo-remove-ios-device.ja.txt 5; replacement-with-zero-mdm-licenses.ja.txt: "DEP割り当てを
// 解除しないと、MDMが再度、自動設定されてしまいます"). The ledger statuses that say so:
import type { LedgerStatus } from '../ports/ledger';

export const LEAVES_COMPANY_STATUSES: readonly LedgerStatus[] = ['retired', 'disposed'];

export function leavesCompany(status: LedgerStatus): boolean {
  return LEAVES_COMPANY_STATUSES.includes(status);
}
