// The bad-input corpus (test/fixtures/bad-input/offboarding-csv, expected.json) through the command line, as
// `npm run offboard -- file.csv` reads it from disk: every file gives its expected outcome — the people it
// accepts (with their wipe choice), or every problem at once with its row and column, and nothing started.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { offboardCommand, parseArgs } from '../../../src/cli/offboard';
import { checkOffboardingCsv } from '../../../src/workflows/offboarding';
import { writeGeneratedCorpus } from '../../fixtures/bad-input/offboarding-csv/generate';
import { corpusFiles, outcomeOf, seedDirectory, type Expected } from '../../support/bad-input';
import { DIALECTS } from '../../support/databases';
import { createHarness, HELPDESK, type Harness } from './support/harness';

const tmp = mkdtempSync(join(tmpdir(), 'bad-input-'));
const files = corpusFiles(writeGeneratedCorpus(tmp));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.each(DIALECTS)('the bad-input corpus through the command line (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.cleanup());

  it.each(Object.entries(files.expected.files))(
    '%s',
    async (name, expected: Expected) => {
      h = await createHarness(dialect);
      await seedDirectory(h.services.db, files.expected.directory);
      const path = files.path(name);
      const check = await checkOffboardingCsv(readFileSync(path), { db: h.services.db, requesterSlackId: HELPDESK, timeZone: 'Asia/Tokyo', runTime: '18:00' });
      expect(outcomeOf(check)).toEqual(outcomeOf.expected(expected));

      const dry: string[] = [];
      const started = Date.now();
      const dryCode = await offboardCommand(parseArgs([path, '--dry-run', '--requester', HELPDESK, '--lang', 'en']), {
        services: h.services,
        engine: null,
        out: (l) => dry.push(l),
      });
      expect(Date.now() - started).toBeLessThan(10_000);
      const run: string[] = [];
      const code = await offboardCommand(parseArgs([path, '--requester', HELPDESK, '--lang', 'ja']), {
        services: h.services,
        engine: h.engine,
        out: (l) => run.push(l),
      });
      const workflows = await h.services.db.workflow.findMany({ orderBy: { createdAt: 'asc' } });
      if (expected.outcome === 'refused') {
        expect([dryCode, code]).toEqual([1, 1]);
        expect(workflows).toEqual([]);
        // every problem printed, in both languages, with where it is
        expect(dry.filter((l) => /^(File: |Row \d+)/.test(l))).toHaveLength(expected.problems!.length);
        expect(run.filter((l) => /^(ファイル: |\d+ 行目)/.test(l))).toHaveLength(expected.problems!.length);
        expect(run.at(-1)).toContain('何も開始していません');
      } else {
        expect([dryCode, code]).toEqual([0, 0]);
        expect(dry.at(-1)).toMatch(new RegExp(`^Dry run: ${expected.people!.length} person`));
        const inputs = workflows.map((w) => JSON.parse(w.inputJson) as { subject: { email?: string }; defaults: { wipe: boolean } });
        const byEmail = (a: [string?, boolean?], b: [string?, boolean?]) => String(a[0]).localeCompare(String(b[0]));
        expect(inputs.map((i): [string?, boolean?] => [i.subject.email, i.defaults.wipe]).sort(byEmail)).toEqual([...expected.people!].sort(byEmail));
      }
    },
    60_000,
  );
});
