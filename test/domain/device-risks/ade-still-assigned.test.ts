// ADE still assigned: ABM knows the device and it is ASSIGNED; the server's name when known.
import { describe, expect, it } from 'vitest';
import { adeStillAssigned } from '../../../src/domain/device-risks';
import { SOURCES } from '../../../src/domain/sources';

describe('adeStillAssigned', () => {
  it('is raised for an assigned device, with its server name, citing CLOMO section 5', () => {
    expect(adeStillAssigned({ status: 'ASSIGNED', server: { name: 'Main MDM' } })).toEqual({
      code: 'ade_still_assigned',
      facts: { server: 'Main MDM' },
      source: SOURCES.clomoAdeUnassign,
    });
  });
  it('is raised with no server name when the server is not known', () => {
    expect(adeStillAssigned({ status: 'ASSIGNED', server: null })?.facts).toEqual({ server: null });
    expect(adeStillAssigned({ status: 'ASSIGNED' })?.facts).toEqual({ server: null });
  });
  it('is not raised for an unassigned device or one ABM does not know', () => {
    expect(adeStillAssigned({ status: 'UNASSIGNED', server: null })).toBeNull();
    expect(adeStillAssigned(null)).toBeNull();
  });
});
