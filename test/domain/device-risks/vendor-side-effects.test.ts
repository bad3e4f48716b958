// The vendor's own notes become one risk each, in the vendor's order, with its action and code.
import { describe, expect, it } from 'vitest';
import { vendorSideEffects } from '../../../src/domain/device-risks';

describe('vendorSideEffects', () => {
  it('turns each note into a risk, in order', () => {
    const risks = vendorSideEffects([
      { action: 'delete', code: 'android_delete_wipes' },
      { action: 'retire', code: 'retire_uninstalls_managed_apps' },
    ]);
    expect(risks.map((r) => r.code)).toEqual(['vendor_side_effect', 'vendor_side_effect']);
    expect(risks.map((r) => r.facts)).toEqual([
      { action: 'delete', note: 'android_delete_wipes' },
      { action: 'retire', note: 'retire_uninstalls_managed_apps' },
    ]);
  });
  it('is empty when the vendor notes nothing', () => {
    expect(vendorSideEffects([])).toEqual([]);
  });
});
