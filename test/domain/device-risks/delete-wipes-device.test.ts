// Deleting wipes: an Android device (any case), or a device whose MDM notes that its deletion wipes it.
import { describe, expect, it } from 'vitest';
import { deleteWipesDevice } from '../../../src/domain/device-risks';
import { SOURCES } from '../../../src/domain/sources';

const wipesNote = { action: 'delete', code: 'android_delete_wipes' };

describe('deleteWipesDevice', () => {
  it('is raised for an Android device, citing the zero-licenses article on Android Enterprise', () => {
    expect(deleteWipesDevice({ platform: 'android', destructive: [] })).toEqual({
      code: 'delete_wipes_device',
      facts: {},
      source: SOURCES.zeroLicensesAndroid,
    });
    expect(deleteWipesDevice({ platform: 'Android', destructive: [] })).not.toBeNull();
  });
  it("is raised when the MDM's notes say the deletion wipes", () => {
    expect(deleteWipesDevice({ platform: null, destructive: [wipesNote] })).not.toBeNull();
  });
  it('is not raised for an iPhone, an unknown platform, or a note about another action or another effect', () => {
    expect(deleteWipesDevice({ platform: 'ios', destructive: [] })).toBeNull();
    expect(deleteWipesDevice({ platform: null, destructive: [] })).toBeNull();
    expect(deleteWipesDevice({ platform: 'ios', destructive: [{ action: 'retire', code: 'android_delete_wipes' }] })).toBeNull();
    expect(deleteWipesDevice({ platform: 'ios', destructive: [{ action: 'delete', code: 'ade_assignment_remains' }] })).toBeNull();
  });
});
