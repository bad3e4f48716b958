// The command-line entry point `npm run offboard -- file.csv [--dry-run]`: argument parsing, the dry run's
// printed plans (nothing written), and starting the workflows.
import { afterEach, describe, expect, it } from 'vitest';
import { offboardCommand, parseArgs } from '../../../src/cli/offboard';
import { createHarness, LEAVER, type Harness } from './support/harness';

describe('offboard CLI', () => {
  let h: Harness;
  afterEach(async () => h?.cleanup());

  it('parses its arguments', () => {
    expect(parseArgs(['p.csv', '--dry-run', '--lang', 'en'])).toEqual({ file: 'p.csv', dryRun: true, now: false, requester: 'cli', locale: 'en' });
    expect(() => parseArgs([])).toThrow(/usage/);
    expect(() => parseArgs(['a.csv', '--force'])).toThrow(/unknown option/);
  });

  it('dry run prints each plan in the chosen language and writes nothing; then starts the workflows', async () => {
    h = await createHarness('sqlite');
    await h.world.seedDevice({ serial: 'CLI1', userEmail: LEAVER.email, adeEnrolled: true, profileRemovalRestricted: true, lostMode: true });
    const csv = `email,last_working_day,wipe\n${LEAVER.email},2026-12-25,false\n`;
    const lines: string[] = [];
    const code = await offboardCommand(
      { ...parseArgs(['x.csv', '--dry-run', '--lang', 'ja']) },
      { services: h.services, engine: h.engine, out: (l) => lines.push(l), csv },
    );
    expect(code).toBe(0);
    const printed = lines.join('\n');
    expect(printed).toContain('退職 太郎 さんの退職に伴うデバイス処理計画:1 台、2026-12-25 18:00 (Asia/Tokyo) に実行します');
    expect(printed).toContain('iPhone 15 CLI1 — 初期化しない・ADE(MDM構成プロファイル削除を制限)');
    expect(printed).toContain('紛失モードを解除');
    // the same words as the thread: the rule behind each step named, not its code
    expect(printed).toContain('根拠:必要な操作の判断');
    expect(printed).not.toMatch(/decision_table|ade_assignment|lost_mode/);
    expect(printed).toContain('--- 2 行目: ');
    expect(printed).toContain('ドライラン: 1 人、1 台、エラー 0 件。何も変更していません。');
    expect(await h.services.db.workflow.count()).toBe(0);
    expect(await h.services.db.simMdmCommand.count()).toBe(0);

    const started: string[] = [];
    expect(
      await offboardCommand(parseArgs(['x.csv', '--requester', 'U_HELPDESK']), { services: h.services, engine: h.engine, out: (l) => started.push(l), csv }),
    ).toBe(0);
    expect(started[0]).toMatch(/^2 行目: ワークフロー /);
    expect(started.at(-1)).toMatch(/^1 件の退職処理を開始しました。/);
    expect(await h.services.db.workflow.count()).toBe(1);
  });

  it('rejects a file with bad lines and starts nothing', async () => {
    h = await createHarness('sqlite');
    const lines: string[] = [];
    const code = await offboardCommand(parseArgs(['x.csv']), {
      services: h.services,
      engine: h.engine,
      out: (l) => lines.push(l),
      csv: 'email,last_working_day\nx@example.com,tomorrow\n',
    });
    expect(code).toBe(1);
    expect(lines[0]).toMatch(/^2 行目・B 列 \(last_working_day\): 「tomorrow」は日付ではありません。YYYY-MM-DD/);
    expect(await h.services.db.workflow.count()).toBe(0);
  });
});
