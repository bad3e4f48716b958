// Small zod building blocks for environment variables: every value arrives as a string (or not at all).
import { z } from 'zod';

/** An optional string; an empty value in .env counts as unset. */
export const optionalString = () =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().optional());

export const url = (description: string) =>
  z.url({ message: `expected a URL (${description})` });

/** A URL with a default (the vendor's real service). */
export const urlWithDefault = (value: string) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.url({ message: 'expected a URL such as ' + value }).default(value));

export const int = (def: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? undefined : Number(v)),
    z.number({ message: `expected a whole number between ${min} and ${max}` }).int().min(min).max(max).default(def),
  );

export const bool = (def: boolean) =>
  z.preprocess((v) => {
    if (v === undefined || v === '') return undefined;
    if (typeof v === 'string') {
      if (/^(1|true|yes|on)$/i.test(v)) return true;
      if (/^(0|false|no|off)$/i.test(v)) return false;
    }
    return v;
  }, z.boolean({ message: 'expected true or false' }).default(def));

/** A comma-separated list, e.g. "U123,U456". */
export const list = () =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v ?? []),
    z.array(z.string()),
  );

export const choice = <T extends readonly [string, ...string[]]>(values: T, def: T[number]) =>
  z.preprocess((v) => (v === '' ? undefined : v), z.enum(values, { message: `expected one of: ${values.join(', ')}` }).default(def as never));
