// A still-valid certificate: only a definite true is a risk (null means the MDM does not say).
import { describe, expect, it } from 'vitest';
import { blockingCertificate } from '../../../src/domain/device-risks';

describe('blockingCertificate', () => {
  it('is raised when the MDM says a certificate blocks the deletion', () => {
    expect(blockingCertificate({ hasBlockingCertificate: true })?.code).toBe('blocking_certificate');
  });
  it('is not raised for false or unknown (null)', () => {
    expect(blockingCertificate({ hasBlockingCertificate: false })).toBeNull();
    expect(blockingCertificate({ hasBlockingCertificate: null })).toBeNull();
  });
});
