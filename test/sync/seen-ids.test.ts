// The compact set of listed MDM ids (src/sync/seen-ids.ts): every id added is found, ids never added are not
// (with 53-bit hashes a false "found" among 200,000 probes would be a one-in-a-billion event), growth keeps them.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SeenIds } from '../../src/sync/seen-ids';

describe('SeenIds', () => {
  it('finds every id added and none of the others, across many growths', () => {
    const seen = new SeenIds();
    const added = Array.from({ length: 100_000 }, () => randomUUID());
    for (const id of added) seen.add(id);
    for (const id of added.slice(0, 1000)) seen.add(id); // adding again changes nothing
    expect(seen.size).toBe(100_000);
    expect(added.every((id) => seen.has(id))).toBe(true);
    const others = Array.from({ length: 100_000 }, () => randomUUID());
    expect(others.filter((id) => seen.has(id))).toEqual([]);
  });

  it('tells short and similar ids apart (Jamf ids are small integers)', () => {
    const seen = new SeenIds();
    for (let i = 0; i < 50_000; i += 2) seen.add(String(i));
    for (let i = 0; i < 50_000; i++) expect(seen.has(String(i))).toBe(i % 2 === 0);
    expect(seen.has('')).toBe(false);
  });
});
