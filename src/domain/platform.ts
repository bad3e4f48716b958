// Platform families: the rules differ between Apple devices (deleting the record frees the license and leaves the
// phone as it is) and Android Enterprise (removing the device wipes it). DOMAIN.md, replacement fact 4.

export type PlatformFamily = 'apple' | 'android' | 'other';

const APPLE = new Set(['ios', 'ipados', 'macos']);

/** The family of an MDM or ledger platform name (any case); null when the platform is not known. */
export function platformFamily(platform: string | null | undefined): PlatformFamily | null {
  if (!platform) return null;
  const p = platform.toLowerCase();
  if (APPLE.has(p)) return 'apple';
  if (p === 'android') return 'android';
  return 'other';
}
