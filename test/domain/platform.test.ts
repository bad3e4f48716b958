// Platform families: Apple (iOS, iPadOS, macOS), Android, other; null when unknown.
import { describe, expect, it } from 'vitest';
import { platformFamily } from '../../src/domain/platform';

describe('platformFamily', () => {
  it('groups the Apple platforms, in any case', () => {
    expect(['ios', 'ipados', 'macos', 'iOS'].map(platformFamily)).toEqual(['apple', 'apple', 'apple', 'apple']);
  });
  it('knows Android, and calls the rest other', () => {
    expect(platformFamily('android')).toBe('android');
    expect(platformFamily('windows')).toBe('other');
  });
  it('is null when the platform is not known', () => {
    expect(platformFamily(null)).toBeNull();
    expect(platformFamily(undefined)).toBeNull();
    expect(platformFamily('')).toBeNull();
  });
});
