// Every text of both catalogues, rendered with plausible values in every placeholder, reads in its own language
// (issue 15): Japanese without English words beyond the allow-list of test/i18n/language-rules.ts, English without
// Japanese (except a Japanese console's quoted labels), neither with a raw snake_case code, an escaped mention or
// a placeholder left over. Rendered-message checks (Block Kit builders) are in rendered-language.test.ts.
import { describe, expect, it } from 'vitest';
import { catalogs, LOCALES, t, type Locale } from '../../src/i18n';
import { CODE_KEYS, englishWords, japaneseIn, problems, rawCodes } from './language-rules';

/** Plausible values by placeholder name: people as mentions, numbers as numbers, the rest as short values that
 *  are not words in either language (serials, names), so that only the catalogue's own words are judged. */
const VALUES: Record<Locale, Record<string, string | number>> = {
  ja: { who: '<@U0TARO0001>', user: '<@U0TARO0001>', by: 'U0TARO0001', people: '<@U0HANA0002>', approvers: '<@U0HANA0002>', requester: '<@U0TARO0001>' },
  en: { who: '<@U0TARO0001>', user: '<@U0TARO0001>', by: 'U0TARO0001', people: '<@U0HANA0002>', approvers: '<@U0HANA0002>', requester: '<@U0TARO0001>' },
};
const NUMBERS = new Set(['count', 'n', 'total', 'free', 'used', 'max', 'min', 'length', 'days', 'minutes', 'percent', 'row', 'rows', 'line', 'size']);

function params(locale: Locale, template: string): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [, name] of template.matchAll(/\{(\w+)\}/g)) out[name!] = VALUES[locale][name!] ?? (NUMBERS.has(name!) ? 3 : 'F17XK0AB12');
  return out;
}

describe.each(LOCALES)('the %s catalogue, rendered', (locale) => {
  const keys = Object.keys(catalogs[locale]);

  it('covers every key (a sanity check on the loop itself)', () => {
    expect(keys.length).toBeGreaterThan(500);
  });

  it('reads in its own language: no foreign words, raw codes, escaped mentions or unfilled placeholders', () => {
    const found: string[] = [];
    for (const key of keys) {
      const template = catalogs[locale][key]!;
      const text = t(locale, key, params(locale, template));
      for (const p of problems(locale, text, { code: CODE_KEYS(key) })) found.push(`${key}: ${p}`);
    }
    expect(found).toEqual([]);
  });
});

describe('the language rules themselves', () => {
  it('catch what issue 15 found in the thread', () => {
    expect(englishWords('MDM の操作が破壊的です（ade_assignment_remains）')).toEqual(['ade', 'assignment', 'remains']);
    expect(rawCodes('MDM の操作が破壊的です（ade_assignment_remains）')).toEqual(['ade_assignment_remains']);
    expect(englishWords('技術的な詳細: intune: Graph answered 409 Conflict')).toEqual(['intune', 'answered', 'Conflict']);
    expect(problems('ja', '申請 *端末交換 · &lt;@U0TARO0001&gt;* を受け付けました')).toContain('escaped mention');
    expect(problems('ja', '{who} が承認しました')).toContain('unfilled {who}');
    expect(japaneseIn('Tick [ eSIMを削除 ] (Remove eSIM).')).toEqual([]);
    expect(japaneseIn('Lost mode is on: 紛失モード')).toEqual(['紛失モード']);
  });

  it('let product names, configuration variables, commands in code and serials through', () => {
    expect(englishWords('Apple Business Manager で REPLACEMENT_ABM_MDM_SERVER を設定し、`/device lookup` で F17XK0AB12 を確認')).toEqual([]);
  });
});
