// The ledger's user and the MDM's user: compared by e-mail, case-insensitively, only when both are known.
import { describe, expect, it } from 'vitest';
import { ledgerMdmUserDiffers } from '../../../src/domain/device-risks';

describe('ledgerMdmUserDiffers', () => {
  it('is raised when the two addresses differ, with both', () => {
    expect(ledgerMdmUserDiffers('emma@example.com', 'taro@example.com')).toMatchObject({
      code: 'ledger_mdm_user_differs',
      facts: { ledgerUser: 'emma@example.com', mdmUser: 'taro@example.com' },
    });
  });
  it('is not raised for the same address in another case, or when either side has none', () => {
    expect(ledgerMdmUserDiffers('Emma@Example.com', 'emma@example.com')).toBeNull();
    expect(ledgerMdmUserDiffers(null, 'emma@example.com')).toBeNull();
    expect(ledgerMdmUserDiffers('emma@example.com', null)).toBeNull();
    expect(ledgerMdmUserDiffers(undefined, '')).toBeNull();
  });
});
