// Lost mode active: only "enabled" is a risk; "unknown" is a rule of its own (lost-mode-unknown).
import { describe, expect, it } from 'vitest';
import { lostModeActive } from '../../../src/domain/device-risks';
import { SOURCES } from '../../../src/domain/sources';

describe('lostModeActive', () => {
  it('is raised when lost mode is enabled, citing the CLOMO guide on deleting a record', () => {
    expect(lostModeActive({ lostMode: 'enabled' })).toEqual({ code: 'lost_mode_active', facts: {}, source: SOURCES.clomoDeletingRecord });
  });
  it('is not raised when lost mode is disabled or unknown', () => {
    expect(lostModeActive({ lostMode: 'disabled' })).toBeNull();
    expect(lostModeActive({ lostMode: 'unknown' })).toBeNull();
  });
});
