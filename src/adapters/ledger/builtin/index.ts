// The built-in ledger (the default): createBuiltinLedger(db, deps), and its CSV export/import.
import type { Db } from '../../../db/client';
import { BuiltinLedger, type BuiltinLedgerDeps } from './builtin-ledger';

export { BuiltinLedger, type BuiltinLedgerDeps } from './builtin-ledger';
export { exportLedgerCsv, importLedgerCsv, LEDGER_COLUMNS, MDM_COLUMNS, type ImportReport } from './csv';

export function createBuiltinLedger(db: Db, deps: BuiltinLedgerDeps = {}): BuiltinLedger {
  return new BuiltinLedger(db, deps);
}
