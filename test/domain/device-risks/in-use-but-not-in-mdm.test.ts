// In use in the ledger, unknown to every MDM.
import { describe, expect, it } from 'vitest';
import { inUseButNotInMdm } from '../../../src/domain/device-risks';

describe('inUseButNotInMdm', () => {
  it('is raised for an in-use record no MDM knows', () => {
    expect(inUseButNotInMdm({ status: 'in_use' }, false)?.code).toBe('in_use_but_not_in_mdm');
  });
  it('is not raised when an MDM knows it, for another status, or without a record', () => {
    expect(inUseButNotInMdm({ status: 'in_use' }, true)).toBeNull();
    expect(inUseButNotInMdm({ status: 'in_stock' }, false)).toBeNull();
    expect(inUseButNotInMdm(null, false)).toBeNull();
  });
});
