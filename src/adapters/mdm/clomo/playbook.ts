// The exact CLOMO PANEL clicks for each action, from CLOMO's own procedure for removing an iOS device
// (seeds/clomo-remove-ios-device.ja.txt, sections 2-2, 3-1, 3-2, 4-1, 4-2). The texts live in the message
// catalogue (mdm.clomo.step.*, mdm.clomo.note.*) in Japanese and English; this file only orders them.
//
// Not verified against CLOMO's manuals (the seed does not cover them), so phrased without exact menu labels:
// lost mode on/off, "update device information" (sync), the VPP license revocation and certificate removal
// pages (the seed names those pages but not their clicks).
import { t, type Locale, type Params } from '../../../i18n';
import type { MdmAction, WipeOptions } from '../../../ports/mdm';
import type { GuidedContext, GuidedPlaybook, Instructions } from './clomo-mdm';

type Line = string | [string, Params?];

const LOGIN: Line[] = ['mdm.clomo.step.login', 'mdm.clomo.step.select'];

/** Which record the deletion starts from: a greyed-out one (wiped / profile removed) or a managed one. */
function deleteLines(ctx: GuidedContext): Line[] {
  if (ctx.greyedOut) {
    // 4-2: 取消線(グレーアウト)表示のデバイス情報を削除する
    return [
      ...LOGIN,
      'mdm.clomo.step.deleteGreyed.button',
      'mdm.clomo.step.confirmOk',
      'mdm.clomo.step.typeYes',
      'mdm.clomo.step.delete.confirm',
      'mdm.clomo.step.confirmOk',
      'mdm.clomo.step.delete.accepted',
      'mdm.clomo.note.deleteGreyed.blocked',
      'mdm.clomo.note.delete.vpp',
    ];
  }
  // 4-1: 「管理中」表示のデバイス情報を削除する
  return [
    ...LOGIN,
    'mdm.clomo.step.delete.command',
    // seed 4-1: the checkbox is ticked to uninstall the auto-installed apps, unticked to keep them
    ctx.delete?.removeAutoInstalledApps === false ? 'mdm.clomo.step.delete.appsKeep' : 'mdm.clomo.step.delete.appsRemove',
    'mdm.clomo.step.run',
    'mdm.clomo.step.confirmOk',
    'mdm.clomo.step.typeYes',
    'mdm.clomo.step.delete.confirm',
    'mdm.clomo.step.confirmOk',
    'mdm.clomo.step.delete.accepted',
    'mdm.clomo.note.delete.menu',
    'mdm.clomo.note.delete.lostMode',
    'mdm.clomo.note.delete.vpp',
  ];
}

function wipeLines(options: WipeOptions): Line[] {
  // 2-2: CLOMO PANEL から [ デバイスの初期化 ] コマンドを実行する
  return [
    ...LOGIN,
    'mdm.clomo.step.wipe.command',
    'mdm.clomo.step.wipe.next',
    options.removeEsim ? 'mdm.clomo.step.wipe.esimOn' : 'mdm.clomo.step.wipe.esimOff',
    options.returnToService ? 'mdm.clomo.step.wipe.rtsOn' : 'mdm.clomo.step.wipe.rtsOff',
    'mdm.clomo.step.ok',
    'mdm.clomo.step.typeYes',
    'mdm.clomo.step.wipe.confirm',
    'mdm.clomo.step.confirmOk',
    'mdm.clomo.step.checkGreyed',
  ];
}

function linesFor(action: MdmAction, ctx: GuidedContext): Line[] {
  switch (action) {
    case 'wipe':
      return wipeLines(ctx.wipe ?? {});
    case 'retire':
      // 3-2: MDM 構成プロファイルを削除する (on the device itself)
      return [
        'mdm.clomo.step.retire.settings',
        'mdm.clomo.step.retire.general',
        'mdm.clomo.step.retire.vpn',
        'mdm.clomo.step.retire.profile',
        'mdm.clomo.step.retire.remove',
        'mdm.clomo.step.retire.passcode',
        'mdm.clomo.step.retire.confirm',
        'mdm.clomo.step.checkGreyedPanel',
        'mdm.clomo.note.retire.apps',
        'mdm.clomo.note.retire.restricted',
      ];
    case 'delete':
      return deleteLines(ctx);
    case 'remove_profiles':
      // 3-1: インストール済みのプロファイルを削除する
      return [...LOGIN, 'mdm.clomo.step.profiles.command', 'mdm.clomo.step.profiles.select', 'mdm.clomo.step.run', 'mdm.clomo.step.profiles.repeat'];
    case 'revoke_vpp_licenses':
      // 4-2 「VPP ライセンスが剥奪できない場合」 steps 1-2
      return ['mdm.clomo.step.vpp.refresh', 'mdm.clomo.step.vpp.revoke'];
    case 'remove_certificates':
      return ['mdm.clomo.step.cert.revoke'];
    case 'enable_lost_mode':
      return [
        ...LOGIN,
        ['mdm.clomo.step.lost.enable', { message: ctx.lostMode?.message ?? '', phone: ctx.lostMode?.phoneNumber ?? '-' }],
        'mdm.clomo.step.run',
      ];
    case 'disable_lost_mode':
      return [...LOGIN, 'mdm.clomo.step.lost.disable', 'mdm.clomo.step.run'];
    case 'sync':
      return [...LOGIN, 'mdm.clomo.step.sync.command', 'mdm.clomo.step.run'];
  }
}

/**
 * The lines stored in ManualTask.instructionsJson: steps without numbers (the Slack layer numbers them), the
 * warnings marked ⚠️, then how to answer. The CLOMO PANEL address, when configured, goes into the first step.
 */
function render(locale: Locale, lines: Line[], ctx: GuidedContext): string[] {
  const steps: string[] = [];
  const notes: string[] = [];
  for (const line of lines) {
    const [key, params] = typeof line === 'string' ? [line, {}] : [line[0], line[1] ?? {}];
    const actualKey = key === 'mdm.clomo.step.login' && ctx.panelUrl ? 'mdm.clomo.step.loginUrl' : key;
    const text = t(locale, actualKey, { device: ctx.deviceLabel, url: ctx.panelUrl, ...params });
    if (key.includes('.note.')) notes.push(`⚠️ ${text}`);
    else steps.push(text);
  }
  return [...steps, t(locale, 'mdm.clomo.step.report'), ...notes];
}

/** CLOMO's playbook for the guided-steps MDM. */
export const clomoPlaybook: GuidedPlaybook = {
  vendor: 'clomo',
  instructions(action: MdmAction, ctx: GuidedContext): Instructions {
    const lines = linesFor(action, ctx);
    return {
      title: {
        ja: t('ja', 'mdm.clomo.task.title', { action: t('ja', `mdm.clomo.action.${action}`), device: ctx.deviceLabel }),
        en: t('en', 'mdm.clomo.task.title', { action: t('en', `mdm.clomo.action.${action}`), device: ctx.deviceLabel }),
      },
      ja: render('ja', lines, ctx),
      en: render('en', lines, ctx),
    };
  },
};
