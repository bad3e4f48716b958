// Lost mode unknown: the state is "unknown" *and* the MDM cannot read it (a readable "unknown" is not a gap).
import { describe, expect, it } from 'vitest';
import { lostModeUnknown } from '../../../src/domain/device-risks';

describe('lostModeUnknown', () => {
  it('is raised when the state is unknown and the MDM cannot report it', () => {
    expect(lostModeUnknown({ lostMode: 'unknown', can: { lostModeState: false } })?.code).toBe('lost_mode_unknown');
  });
  it('is not raised when the MDM can report the state, or the state is known', () => {
    expect(lostModeUnknown({ lostMode: 'unknown', can: { lostModeState: true } })).toBeNull();
    expect(lostModeUnknown({ lostMode: 'enabled', can: { lostModeState: false } })).toBeNull();
    expect(lostModeUnknown({ lostMode: 'disabled', can: { lostModeState: false } })).toBeNull();
  });
});
