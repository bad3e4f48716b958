// Retired or disposed in the ledger while an MDM still manages the device.
import { describe, expect, it } from 'vitest';
import { ledgerGoneButManaged } from '../../../src/domain/device-risks';

describe('ledgerGoneButManaged', () => {
  it('is raised for a retired or disposed record of a managed device', () => {
    expect(ledgerGoneButManaged({ status: 'retired' }, true)?.code).toBe('ledger_gone_but_managed');
    expect(ledgerGoneButManaged({ status: 'disposed' }, true)).not.toBeNull();
  });
  it('is not raised for other statuses, an unmanaged device, or no record', () => {
    for (const status of ['in_use', 'in_stock', 'repair', 'lost'] as const) expect(ledgerGoneButManaged({ status }, true)).toBeNull();
    expect(ledgerGoneButManaged({ status: 'retired' }, false)).toBeNull();
    expect(ledgerGoneButManaged(null, true)).toBeNull();
  });
});
