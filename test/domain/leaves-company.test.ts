// Leaving the company for good: retired or disposed, nothing else.
import { describe, expect, it } from 'vitest';
import { LEDGER_STATUSES } from '../../src/ports/ledger';
import { leavesCompany } from '../../src/domain/leaves-company';

describe('leavesCompany', () => {
  it('is true for retired and disposed only', () => {
    expect(LEDGER_STATUSES.filter(leavesCompany)).toEqual(['retired', 'disposed']);
  });
});
