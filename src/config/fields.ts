// Small zod building blocks for environment variables: every value arrives as a string (or not at all).
import { z } from 'zod';

/** An optional string; an empty value in .env counts as unset. */
export const optionalString = () => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().optional());

export const url = (description: string) => z.url({ message: `expected a URL (${description})` });

/** 127.0.0.0/8, ::1 and localhost: a plain-http service on the same machine (a local fake, a sidecar proxy). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Tokens and credentials travel to every service URL: https only, unless the host is loopback. */
export const HTTPS_ONLY = 'must start with https:// (http:// is allowed only for a loopback host: 127.0.0.1, ::1 or localhost)';

function secureUrl(example: string) {
  return z.url({ message: `expected a URL such as ${example}` }).refine(
    (v) => {
      if (!URL.canParse(v)) return true; // z.url() has already said so
      const u = new URL(v);
      return u.protocol === 'https:' || (u.protocol === 'http:' && isLoopbackHost(u.hostname));
    },
    { message: HTTPS_ONLY },
  );
}

/** An optional service URL (https, or http on loopback); empty counts as unset. */
export const serviceUrl = (example: string) => optionalString().pipe(secureUrl(example).optional());

/** A service URL with a default (the vendor's real service); https, or http on loopback. */
export const urlWithDefault = (value: string) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), secureUrl(value).default(value));

export const int = (def: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? undefined : Number(v)),
    z
      .number({ message: `expected a whole number between ${min} and ${max}` })
      .int()
      .min(min)
      .max(max)
      .default(def),
  );

export const bool = (def: boolean) =>
  z.preprocess(
    (v) => {
      if (v === undefined || v === '') return undefined;
      if (typeof v === 'string') {
        if (/^(1|true|yes|on)$/i.test(v)) return true;
        if (/^(0|false|no|off)$/i.test(v)) return false;
      }
      return v;
    },
    z.boolean({ message: 'expected true or false' }).default(def),
  );

/** A comma-separated list, e.g. "U123,U456". */
export const list = () =>
  z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : (v ?? []),
    z.array(z.string()),
  );

export const choice = <T extends readonly [string, ...string[]]>(values: T, def: T[number]) =>
  z.preprocess((v) => (v === '' ? undefined : v), z.enum(values, { message: `expected one of: ${values.join(', ')}` }).default(def as never));
