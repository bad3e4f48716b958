// No ledger record: exactly when there is none.
import { describe, expect, it } from 'vitest';
import { noLedgerRecord } from '../../../src/domain/device-risks';

describe('noLedgerRecord', () => {
  it('is raised when the device has no ledger record', () => {
    expect(noLedgerRecord(null)?.code).toBe('no_ledger_record');
    expect(noLedgerRecord(undefined)?.code).toBe('no_ledger_record');
  });
  it('is not raised when it has one, whatever its status', () => {
    expect(noLedgerRecord({ status: 'disposed' })).toBeNull();
  });
});
