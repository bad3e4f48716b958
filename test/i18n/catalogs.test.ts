// Every text users see lives in the ja and en catalogues: a key in one and not the other fails, as does a
// placeholder that one language forgets, or a key the Slack layer uses that no catalogue defines.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogs, t } from '../../src/i18n';

const CATALOG_DIR = resolve(__dirname, '../../src/i18n/catalog');
const features = [...new Set(readdirSync(CATALOG_DIR).map((f) => f.replace(/\.(ja|en)\.ts$/, '')))];

async function load(feature: string, locale: 'ja' | 'en'): Promise<Record<string, string>> {
  return (await import(join(CATALOG_DIR, `${feature}.${locale}.ts`))).default;
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  it('has a ja and an en file for every feature', () => {
    const files = readdirSync(CATALOG_DIR);
    for (const f of features) {
      expect(files).toContain(`${f}.ja.ts`);
      expect(files).toContain(`${f}.en.ts`);
    }
  });

  for (const feature of features) {
    it(`${feature}: same keys and placeholders in ja and en`, async () => {
      const [ja, en] = await Promise.all([load(feature, 'ja'), load(feature, 'en')]);
      const onlyJa = Object.keys(ja).filter((k) => !(k in en));
      const onlyEn = Object.keys(en).filter((k) => !(k in ja));
      expect({ onlyJa, onlyEn }).toEqual({ onlyJa: [], onlyEn: [] });
      for (const key of Object.keys(en)) {
        expect({ key, ph: placeholders(ja[key]!) }).toEqual({ key, ph: placeholders(en[key]!) });
        expect(en[key]!.trim().length, key).toBeGreaterThan(0);
        expect(ja[key]!.trim().length, key).toBeGreaterThan(0);
      }
    });
  }

  it('keys are prefixed with their feature, so two features never collide', async () => {
    for (const feature of features) {
      for (const key of Object.keys(await load(feature, 'en'))) expect(key.startsWith(`${feature}.`), key).toBe(true);
    }
  });

  it('every literal slack.* key used in src/slack exists in both languages', () => {
    const used = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.ts')) for (const m of readFileSync(path, 'utf8').matchAll(/'(slack\.[A-Za-z0-9_.]+)'/g)) used.add(m[1]!);
      }
    };
    walk(resolve(__dirname, '../../src/slack'));
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used].filter((k) => !(k in catalogs.en) || !(k in catalogs.ja));
    expect(missing).toEqual([]);
  });

  it('renders in each language with placeholders filled', () => {
    expect(t('en', 'slack.more', { count: 3 })).toBe('…and 3 more');
    expect(t('ja', 'slack.more', { count: 3 })).toBe('…ほか 3 件');
  });
});
