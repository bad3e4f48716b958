// Ids for rows the bulk path inserts itself (Prisma's @default(cuid()) only applies to Prisma's own creates).
// Same shape as a cuid: "c", time, a per-process counter and randomness, 25 characters, sortable by time.
import { randomBytes } from 'node:crypto';

let counter = 0;
let pool = Buffer.alloc(0);
let poolAt = 0;

function randomBase36(length: number): string {
  if (poolAt + length > pool.length) {
    pool = randomBytes(4096);
    poolAt = 0;
  }
  let out = '';
  for (let i = 0; i < length; i++) out += (pool[poolAt++]! % 36).toString(36);
  return out;
}

export function newDeviceId(now = Date.now()): string {
  counter = (counter + 1) % 1_679_616; // 36^4
  return 'c' + now.toString(36).padStart(8, '0').slice(-8) + counter.toString(36).padStart(4, '0') + randomBase36(12);
}
