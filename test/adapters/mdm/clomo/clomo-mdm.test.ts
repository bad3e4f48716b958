// CLOMO as guided manual steps, on both databases: each action becomes a ManualTask with CLOMO PANEL's exact
// clicks (seeds/clomo-remove-ios-device.ja.txt) in Japanese and English; its status is the helpdesk's
// answer, given through ManualTasks.confirm (first decision wins); license counts come from config or from
// the helpdesk's answer.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClomoMdm, type ClomoMdm } from '../../../../src/adapters/mdm/clomo';
import { ManualTasks } from '../../../../src/ports/manual-tasks';
import { ConflictError, NotFoundError, ValidationError } from '../../../../src/errors';
import { catalogs } from '../../../../src/i18n';
import type { MdmDevice } from '../../../../src/ports/mdm';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../../support/databases';

describe.each(DIALECTS)('CLOMO guided steps on %s', (dialect) => {
  let db: TestDatabase;
  let clomo: ClomoMdm;
  let tasks: ManualTasks;
  let now: Date;

  beforeEach(async () => {
    db = await createTestDatabase(dialect);
    now = new Date('2026-04-01T09:00:00Z');
    clomo = createClomoMdm({ CLOMO_PANEL_URL: 'https://panel.clomo.example/acme', CLOMO_LICENSE_TOTAL: 0 }, db.prisma, { now: () => now });
    tasks = new ManualTasks(db.prisma, () => now);
  });
  afterEach(async () => {
    await db.cleanup();
  });

  it('findCommand: a guided task made since then is the command found; none is absent', async () => {
    expect(await clomo.findCommand('DNPZQ2CDN72X', 'wipe', now)).toEqual({ state: 'absent' });
    const handle = await clomo.wipe('DNPZQ2CDN72X', {}, 'wf1:wipe');
    expect(await clomo.findCommand('DNPZQ2CDN72X', 'wipe', now)).toEqual({ state: 'found', handle });
    expect(await clomo.findCommand('DNPZQ2CDN72X', 'delete', now)).toEqual({ state: 'absent' });
    expect(await clomo.findCommand('DNPZQ2CDN72X', 'wipe', new Date(now.getTime() + 1))).toEqual({ state: 'absent' });
  });

  it('turns a deletion into a task with the exact CLOMO PANEL clicks, pending until a helpdesk member confirms it', async () => {
    const handle = await clomo.deleteRecord('DNPZQ2CDN72X', 'wf1:delete-old');
    expect(handle).toMatchObject({ source: 'clomo', action: 'delete', deviceId: 'DNPZQ2CDN72X', manual: true });
    const task = await tasks.get(handle.id);
    expect(task).toMatchObject({ source: 'clomo', action: 'delete', deviceId: 'DNPZQ2CDN72X', status: 'pending' });
    const ja = ManualTasks.instructions(task, 'ja');
    // steps unnumbered (the Slack layer numbers them), then how to answer, then the warnings
    expect(ja.slice(0, 10)).toEqual([
      'CLOMO PANEL (https://panel.clomo.example/acme) にログイン後、[ Devices ] をクリックします。',
      'Devices 画面から該当のデバイス(シリアル番号 DNPZQ2CDN72X)を選択します。',
      '[ コマンドを選択してください ] から [ デバイスを削除 ] を選択します。',
      '[ 自動インストールしたアプリを削除する ] にチェックを付けます(自動インストールしたアプリをデバイスからアンインストールします)。',
      '[ 実行 ] をクリックします。',
      '確認画面が表示されたら、[ OK ] をクリックします。',
      '「YES」と入力します。',
      '[ デバイスを削除 ] をクリックします。',
      '確認画面が表示されたら、[ OK ] をクリックします。',
      '削除を受け付けたお知らせが表示されます。しばらくして、デバイスが Devices 画面の一覧に表示されなくなったことを確認します。',
    ]);
    expect(ja[10]).toContain('[完了]');
    expect(ja.some((l) => l.startsWith('⚠️') && l.includes('紛失モードを解除できなくなります'))).toBe(true);
    const en = ManualTasks.instructions(task, 'en');
    expect(en[2]).toBe('From [ コマンドを選択してください ] (Select a command), choose [ デバイスを削除 ] (Delete device).');
    expect(en).toHaveLength(ja.length);
    expect(ManualTasks.title(task, 'ja')).toBe('CLOMO PANEL での手作業: デバイス情報の削除(DNPZQ2CDN72X)');

    expect((await clomo.commandStatus(handle)).state).toBe('pending');
    now = new Date('2026-04-01T09:10:00Z');
    const result = await tasks.confirm(handle.id, 'U0HELPDESK', true);
    expect(result.changed).toBe(true);
    expect(result.task).toMatchObject({ status: 'done', decidedBy: 'U0HELPDESK' });
    expect(result.task.decidedAt?.toISOString()).toBe('2026-04-01T09:10:00.000Z');
    expect(await clomo.commandStatus(handle)).toEqual({ state: 'done', detail: 'confirmed by U0HELPDESK' });
    await expect(clomo.getDevice('DNPZQ2CDN72X')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('tells the helpdesk to untick "remove auto-installed apps" when the deletion keeps them', async () => {
    expect(clomo.capabilities.keepAutoInstalledApps).toBe(true);
    const keep = await tasks.get((await clomo.deleteRecord('F2LXK1ABHG7J', 'wf7:delete-keep', { removeAutoInstalledApps: false })).id);
    const remove = await tasks.get((await clomo.deleteRecord('HX9QW8TUV1K3', 'wf7:delete-remove', { removeAutoInstalledApps: true })).id);
    expect(ManualTasks.instructions(keep, 'ja')[3]).toBe(
      '[ 自動インストールしたアプリを削除する ] のチェックを外します(自動インストールしたアプリをデバイスに残します)。',
    );
    expect(ManualTasks.instructions(keep, 'en')[3]).toBe(
      'Untick [ 自動インストールしたアプリを削除する ] (Remove auto-installed apps): the apps CLOMO installed automatically stay on the device.',
    );
    expect(ManualTasks.instructions(remove, 'ja')[3]).toBe(
      '[ 自動インストールしたアプリを削除する ] にチェックを付けます(自動インストールしたアプリをデバイスからアンインストールします)。',
    );
    expect(ManualTasks.instructions(remove, 'en')[3]).toContain('Tick [ 自動インストールしたアプリを削除する ]');
    expect(JSON.parse(keep.instructionsJson).context.delete).toEqual({ removeAutoInstalledApps: false });
    expect(JSON.parse(remove.instructionsJson).context.delete).toEqual({ removeAutoInstalledApps: true });
  });

  it('wipes with the chosen options, and then deletes the greyed-out record with the 4-2 steps', async () => {
    const wipe = await clomo.wipe('G6TZP6NOPN7Q', { removeEsim: true, returnToService: false }, 'wf2:wipe');
    const ja = ManualTasks.instructions(await tasks.get(wipe.id), 'ja');
    expect(ja[4]).toBe('[ eSIMを削除 ] にチェックを入れます。');
    expect(ja[5]).toBe('[ MDMへの再登録(Return to Service) ] にはチェックを入れません。');
    expect(ja[10]).toBe('該当のデバイスが取消線(グレーアウト)の状態になったことを確認します。');
    expect((await clomo.getDevice('G6TZP6NOPN7Q')).managementState).toBe('wipe_pending');
    await tasks.confirm(wipe.id, 'U0HELPDESK', true);
    expect((await clomo.getDevice('G6TZP6NOPN7Q')).managementState).toBe('wiped');

    const del = await clomo.deleteRecord('G6TZP6NOPN7Q', 'wf2:delete');
    const steps = ManualTasks.instructions(await tasks.get(del.id), 'ja');
    expect(steps[2]).toBe('[ デバイスの情報を完全に削除 ] をクリックします。');
    expect(steps.join('\n')).not.toContain('[ 実行 ]');
  });

  it("reports a failure with the helpdesk's reason, and requires that reason", async () => {
    const handle = await clomo.deleteRecord('DMPXR3EFQ1GC', 'wf3:delete');
    await expect(tasks.confirm(handle.id, 'U0HELPDESK', false)).rejects.toBeInstanceOf(ValidationError);
    const note = 'VPPアプリケーションライセンス (デバイス向け)が付与されているため完全に削除できません。';
    await tasks.confirm(handle.id, 'U0HELPDESK', false, note);
    expect(await clomo.commandStatus(handle)).toEqual({ state: 'failed', detail: `reported failed by U0HELPDESK: ${note}` });
  });

  it('lets only the first of two simultaneous answers decide', async () => {
    const handle = await clomo.retire('HX9QW8TUV1K3', 'wf4:retire');
    const [a, b] = await Promise.all([tasks.confirm(handle.id, 'U0AAA', true), tasks.confirm(handle.id, 'U0BBB', false, 'could not find the profile')]);
    expect([a.changed, b.changed].filter(Boolean)).toHaveLength(1);
    const winner = a.changed ? a : b;
    expect(a.task.status).toBe(winner.task.status);
    expect(b.task.status).toBe(winner.task.status);
    expect((await tasks.pending('clomo')).map((t) => t.id)).not.toContain(handle.id);
    await expect(tasks.confirm('no-such-task', 'U0AAA', true)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('creates one task per idempotency key and refuses a key reused for another action', async () => {
    const first = await clomo.removeProfiles('F2LXK1ABHG7J', 'wf5:profiles');
    expect(await clomo.removeProfiles('F2LXK1ABHG7J', 'wf5:profiles')).toEqual(first);
    expect(await db.prisma.manualTask.count()).toBe(1);
    await expect(clomo.deleteRecord('F2LXK1ABHG7J', 'wf5:profiles')).rejects.toBeInstanceOf(ConflictError);
  });

  it('takes license counts from config, then from the helpdesk answer minus deletions confirmed since', async () => {
    expect(await clomo.licenseStatus()).toMatchObject({ known: false });
    const configured = createClomoMdm({ CLOMO_LICENSE_TOTAL: 50 }, db.prisma, { now: () => now });
    expect(await configured.licenseStatus()).toMatchObject({ known: false, total: 50 });

    await tasks.recordLicenseAnswer('clomo', { total: 50, used: 50 }, 'U0HELPDESK');
    expect(await clomo.licenseStatus()).toMatchObject({ known: true, total: 50, used: 50, free: 0 });
    now = new Date('2026-04-01T10:00:00Z');
    const del = await clomo.deleteRecord('F2LXK1ABHG7J', 'wf6:delete');
    await tasks.confirm(del.id, 'U0HELPDESK', true);
    expect(await clomo.licenseStatus()).toMatchObject({ known: true, total: 50, used: 49, free: 1 });
    await expect(tasks.recordLicenseAnswer('clomo', { total: -1, used: 0 }, 'U0HELPDESK')).rejects.toBeInstanceOf(ValidationError);
  });

  it('says it cannot look devices up, and answers getDevice from the lookup hook and the confirmed tasks', async () => {
    expect(clomo.capabilities).toMatchObject({ manual: true, findBySerial: false, findByUser: false, listDevices: false });
    expect(await clomo.findBySerial('F2LXK1ABHG7J')).toEqual([]);
    const pages: MdmDevice[][] = [];
    for await (const page of clomo.listDevices()) pages.push(page);
    expect(pages).toEqual([]);

    const withLedger = createClomoMdm({}, db.prisma, {
      now: () => now,
      lookup: async (id) =>
        id === 'DNPZQ2CDN72X'
          ? { name: '佐藤のiPhone', platform: 'ios', userEmail: 'hanako.sato@example.co.jp', managementState: 'managed', lostMode: 'enabled' }
          : null,
    });
    const before = await withLedger.getDevice('DNPZQ2CDN72X');
    expect(before).toMatchObject({ serial: 'DNPZQ2CDN72X', name: '佐藤のiPhone', lostMode: 'enabled', managementState: 'managed' });
    expect(withLedger.destructiveNotes(before).map((n) => n.code)).toContain('delete_in_lost_mode_locks_device');
    const off = await withLedger.disableLostMode('DNPZQ2CDN72X', 'wf7:unlost');
    const task = await tasks.get(off.id);
    expect(ManualTasks.title(task, 'en')).toBe('Manual step in CLOMO PANEL: Disable lost mode (DNPZQ2CDN72X (佐藤のiPhone))');
    await tasks.confirm(off.id, 'U0HELPDESK', true, 'disabled from the console');
    expect((await withLedger.getDevice('DNPZQ2CDN72X')).lostMode).toBe('disabled');
  });

  it('has every CLOMO, Android and simulator text in both languages', () => {
    const mine = (locale: 'ja' | 'en') =>
      Object.keys(catalogs[locale])
        .filter((k) => /^(mdm\.(clomo|android|simulated)|abm\.simulated)\./.test(k))
        .sort();
    expect(mine('ja')).toEqual(mine('en'));
    expect(mine('ja').length).toBeGreaterThan(60);
  });
});
