// The cell values a bulk offboarding CSV may hold, read strictly: a value the bot does not know is an error that
// names its row and column, never a silent default (a `wipe` cell saying "Ｙｅｓ" once became "keep data").
// Every cell is first folded with Unicode NFKC (full-width letters, digits and punctuation become ASCII:
// "ＴＲＵＥ" → "TRUE", "２０２６／１２／２５" → "2026/12/25") and trimmed; words are compared in lower case.
// The accepted words are documented in docs/offboarding.md ("Bulk offboarding from a CSV").

/** NFKC, trimmed; zero-width characters and the non-breaking space Excel sometimes leaves are removed. */
export function fold(value: string | undefined): string {
  return (value ?? '')
    .normalize('NFKC')
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
    .trim();
}

/** Words for yes and no in both languages. Marks (○ × ✓) are refused: they mean opposite things in different habits. */
export const TRUE_WORDS = ['true', 'yes', 'y', '1', 'on', 'はい', 'する'] as const;
export const FALSE_WORDS = ['false', 'no', 'n', '0', 'off', 'いいえ', 'しない'] as const;
/** The `wipe` column also takes what it means: wipe the device, or keep its data. */
export const WIPE_WORDS = ['wipe', 'erase', '消去', '初期化'] as const;
export const KEEP_WORDS = ['keep', '保持', '残す'] as const;

export type Parsed<T> = { ok: true; value: T } | { ok: false; accepted: string };

/** A yes/no cell: undefined when empty (the column's default applies). */
export function parseBoolean(raw: string | undefined, column: string): Parsed<boolean | undefined> {
  const v = fold(raw).toLowerCase();
  if (v === '') return { ok: true, value: undefined };
  const yes: readonly string[] = column === 'wipe' ? [...TRUE_WORDS, ...WIPE_WORDS] : TRUE_WORDS;
  const no: readonly string[] = column === 'wipe' ? [...FALSE_WORDS, ...KEEP_WORDS] : FALSE_WORDS;
  if (yes.includes(v)) return { ok: true, value: true };
  if (no.includes(v)) return { ok: true, value: false };
  return { ok: false, accepted: `${yes.join(' / ')} | ${no.join(' / ')}` };
}

/** A calendar date: YYYY-MM-DD, or YYYY/M/D as Excel in Japan writes it. Invalid days (02-30) are refused. */
export function parseDay(raw: string | undefined): string | null {
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(fold(raw));
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** When to run: ISO 8601 with an offset (2026-12-25T18:00:00+09:00), or a day and HH:MM in the bot's time zone. */
export function parseRunAt(raw: string | undefined, zoned: (day: string, time: string) => Date): Parsed<string | undefined> {
  const v = fold(raw);
  const accepted = 'YYYY-MM-DDTHH:MM+09:00 | YYYY-MM-DD HH:MM';
  if (v === '') return { ok: true, value: undefined };
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v)) {
    const at = new Date(v);
    return Number.isNaN(at.getTime()) ? { ok: false, accepted } : { ok: true, value: at.toISOString() };
  }
  const m = /^(\S+)\s+(\d{1,2}):(\d{2})$/.exec(v);
  const day = m ? parseDay(m[1]) : null;
  if (!m || !day || Number(m[2]) > 23 || Number(m[3]) > 59) return { ok: false, accepted };
  return { ok: true, value: zoned(day, `${m[2]!.padStart(2, '0')}:${m[3]}`).toISOString() };
}

/** One of a fixed list of codes (afterwards), compared in lower case. */
export function parseChoice<T extends string>(raw: string | undefined, choices: readonly T[]): Parsed<T | undefined> {
  const v = fold(raw).toLowerCase();
  if (v === '') return { ok: true, value: undefined };
  return (choices as readonly string[]).includes(v) ? { ok: true, value: v as T } : { ok: false, accepted: choices.join(' / ') };
}

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;
/** A member id as Slack shows it (profile → ⋮ → Copy member ID): U or W and upper-case letters and digits. Not
 *  folded to upper case: "watanabe" must not become the id WATANABE. */
const SLACK_ID = /^[UW][A-Z0-9]{6,}$/;

export const isEmail = (v: string): boolean => EMAIL.test(v);
export const isSlackUserId = (v: string): boolean => SLACK_ID.test(v);
