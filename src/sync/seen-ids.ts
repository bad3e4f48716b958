// The MDM device ids a listing returned, kept in 8 bytes each: the vanished-device check (vanished.ts) needs to
// know, after a listing of a million devices, whether a linked device was among them — and a Set of a million id
// strings costs hundreds of megabytes, which is what broke the sync's flat memory.
//
// Each id is stored as a 53-bit hash (two 32-bit multiply-xorshift lanes) in an open-addressing table of doubles.
// A collision can only make a vanished device look listed: it then stays linked one more night (the next night's
// listing hashes the same, so in theory for longer — at a million devices the chance that a given vanished device
// collides is about 1 in 10^10). It can never make a listed device look vanished.
export class SeenIds {
  private table = new Float64Array(1 << 12);
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(id: string): void {
    if ((this.count + 1) * 2 > this.table.length) this.grow();
    if (insert(this.table, hash53(id))) this.count++;
  }

  has(id: string): boolean {
    const h = hash53(id);
    const mask = this.table.length - 1;
    for (let i = h % this.table.length; ; i = (i + 1) & mask) {
      const v = this.table[i]!;
      if (v === 0) return false;
      if (v === h) return true;
    }
  }

  private grow(): void {
    const old = this.table;
    this.table = new Float64Array(old.length * 2);
    for (const v of old) if (v !== 0) insert(this.table, v);
  }
}

/** Puts h in the table unless it is there; true when added. */
function insert(table: Float64Array, h: number): boolean {
  const mask = table.length - 1;
  for (let i = h % table.length; ; i = (i + 1) & mask) {
    const v = table[i]!;
    if (v === h) return false;
    if (v === 0) {
      table[i] = h;
      return true;
    }
  }
}

/** A 53-bit hash of the string, never 0 (0 marks an empty slot). */
function hash53(s: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0) + 1;
}
