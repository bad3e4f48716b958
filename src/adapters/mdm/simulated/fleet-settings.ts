// The simulation's knobs, kept in SimSetting rows (JSON values) so that every process on the database sees the
// same ones: the license total, how long commands and ABM activities take, and the one-shot failures tests
// inject ("the next wipe of this serial fails").
import type { Db } from '../../../db/client';
import { DEFAULT_COMMAND_DELAYS_MS, type SimCommandKind } from './fleet-commands';

/** A failure the next matching command (or ABM activity device) will report, injected by tests. */
export interface FailureRule {
  target: 'mdm' | 'abm';
  /** MDM command kind or ABM activity kind; undefined = any */
  kind?: string;
  /** only for this serial; undefined = any device */
  serial?: string;
  error: string;
}

const KEY = {
  licenseTotal: 'licenseTotal',
  delays: 'commandDelaysMs',
  abmDelay: 'abmActivityDelayMs',
  failures: 'failureRules',
} as const;

export class FleetSettings {
  constructor(private readonly db: Db) {}

  async licenseTotal(): Promise<number> {
    return this.get<number>(KEY.licenseTotal, 0);
  }

  async setLicenseTotal(total: number): Promise<void> {
    if (!Number.isInteger(total) || total < 0) throw new Error('license total must be a whole number ≥ 0');
    await this.set(KEY.licenseTotal, total);
  }

  async commandDelays(): Promise<Record<SimCommandKind, number>> {
    return { ...DEFAULT_COMMAND_DELAYS_MS, ...(await this.get<Partial<Record<SimCommandKind, number>>>(KEY.delays, {})) };
  }

  async setCommandDelay(kind: SimCommandKind, ms: number): Promise<void> {
    const current = await this.get<Partial<Record<SimCommandKind, number>>>(KEY.delays, {});
    await this.set(KEY.delays, { ...current, [kind]: ms });
  }

  /** ABM activities complete at the next poll unless told otherwise. */
  async abmActivityDelay(): Promise<number> {
    return this.get<number>(KEY.abmDelay, 0);
  }

  async setAbmActivityDelay(ms: number): Promise<void> {
    await this.set(KEY.abmDelay, ms);
  }

  async addFailure(rule: FailureRule): Promise<void> {
    const rules = await this.get<FailureRule[]>(KEY.failures, []);
    await this.set(KEY.failures, [...rules, rule]);
  }

  /** Removes and returns the error of the first rule matching; rules are one-shot. */
  async takeFailure(target: FailureRule['target'], kind: string, serial: string): Promise<string | undefined> {
    const rules = await this.get<FailureRule[]>(KEY.failures, []);
    const index = rules.findIndex(
      (r) => r.target === target && (r.kind === undefined || r.kind === kind) && (r.serial === undefined || sameSerial(r.serial, serial)),
    );
    if (index < 0) return undefined;
    const [rule] = rules.splice(index, 1);
    await this.set(KEY.failures, rules);
    return rule!.error;
  }

  private async get<T>(key: string, fallback: T): Promise<T> {
    const row = await this.db.simSetting.findUnique({ where: { key } });
    return row ? (JSON.parse(row.valueJson) as T) : fallback;
  }

  private async set(key: string, value: unknown): Promise<void> {
    const valueJson = JSON.stringify(value);
    await this.db.simSetting.upsert({ where: { key }, create: { key, valueJson }, update: { valueJson } });
  }
}

function sameSerial(a: string, b: string): boolean {
  return a.trim().toUpperCase() === b.trim().toUpperCase();
}
