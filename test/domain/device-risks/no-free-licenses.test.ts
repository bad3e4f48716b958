// No free licenses: a known count of zero (or below, an over-used MDM); an unknown count is another rule.
import { describe, expect, it } from 'vitest';
import { noFreeLicenses } from '../../../src/domain/device-risks';
import { SOURCES } from '../../../src/domain/sources';

describe('noFreeLicenses', () => {
  it('is raised at zero free licenses, citing the zero-licenses article on ABM', () => {
    expect(noFreeLicenses({ known: true, free: 0 })).toEqual({ code: 'no_free_licenses', facts: { free: 0 }, source: SOURCES.zeroLicensesAbm });
  });
  it('is raised below zero (more devices than licenses)', () => {
    expect(noFreeLicenses({ known: true, free: -2 })?.facts).toEqual({ free: -2 });
  });
  it('is not raised with a license free, or when the count is not known', () => {
    expect(noFreeLicenses({ known: true, free: 1 })).toBeNull();
    expect(noFreeLicenses({ known: false, free: 0 })).toBeNull();
    expect(noFreeLicenses({ known: true, free: null })).toBeNull();
    expect(noFreeLicenses({ known: true })).toBeNull();
  });
});
