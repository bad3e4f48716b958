// The device records of a fake MDM server (Intune, Jamf Pro): devices seeded one by one, plus a generated
// fleet whose device i is computed from its index when asked for, so that a benchmark's 100,000-device fleet
// is never held in memory. A generated device an action changes is kept from then on (the change sticks), and
// a deleted one stays gone.
export interface GeneratedFleet<D> {
  /** the id of generated device i */
  idOf(index: number): string;
  /** which generated device an id names, if any */
  indexOf(id: string): number | undefined;
  make(index: number): D;
}

export class FakeDeviceStore<D> {
  private readonly seeded = new Map<string, D>();
  private readonly changed = new Map<string, D>();
  private readonly deleted = new Set<string>();
  private generated = 0;

  constructor(private readonly fleet: GeneratedFleet<D>) {}

  add(id: string, device: D): D {
    this.seeded.set(id, device);
    return device;
  }

  get seededCount(): number {
    return this.seeded.size;
  }

  /** `count` generated devices, made on demand from their index. */
  generate(count: number): void {
    this.generated = count;
  }

  get(id: string): D | undefined {
    if (this.deleted.has(id)) return undefined;
    const stored = this.seeded.get(id) ?? this.changed.get(id);
    if (stored) return stored;
    const index = this.fleet.indexOf(id);
    return index !== undefined && index < this.generated ? this.fleet.make(index) : undefined;
  }

  /** The device an action is about to change: a generated one is kept from now on. */
  materialize(id: string): D | undefined {
    const d = this.get(id);
    if (d && !this.seeded.has(id)) this.changed.set(id, d);
    return d;
  }

  remove(id: string): void {
    this.seeded.delete(id);
    this.changed.delete(id);
    this.deleted.add(id);
  }

  /** Devices that exist (seeded and generated, deletions taken off). */
  count(): number {
    let generatedGone = 0;
    for (const id of this.deleted) {
      const index = this.fleet.indexOf(id);
      if (index !== undefined && index < this.generated) generatedGone++;
    }
    return this.seeded.size + this.generated - generatedGone;
  }

  /** The positions a listing walks: seeded devices first, then the generated fleet (deleted ones are gaps). */
  get positions(): number {
    return this.seeded.size + this.generated;
  }

  at(position: number, seeded = [...this.seeded.values()]): D | undefined {
    return position < seeded.length ? seeded[position] : this.get(this.fleet.idOf(position - seeded.length));
  }

  *all(): Generator<D> {
    yield* this.seeded.values();
    for (let i = 0; i < this.generated; i++) {
      const d = this.get(this.fleet.idOf(i));
      if (d) yield d;
    }
  }

  /** Seeded and changed devices: the ones that are held in memory. */
  *held(): Generator<D> {
    yield* this.seeded.values();
    yield* this.changed.values();
  }

  seededDevices(): D[] {
    return [...this.seeded.values()];
  }
}
