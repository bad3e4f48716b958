// Licenses unknown: the MDM does not say how many licenses are free.
import { describe, expect, it } from 'vitest';
import { licensesUnknown } from '../../../src/domain/device-risks';

describe('licensesUnknown', () => {
  it('is raised when the count is not known', () => {
    expect(licensesUnknown({ known: false })?.code).toBe('licenses_unknown');
  });
  it('is not raised when it is', () => {
    expect(licensesUnknown({ known: true })).toBeNull();
  });
});
