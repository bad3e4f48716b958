// Messages for "mdm" in English. Keys are "mdm.…"; {name} is a placeholder.
export default {
  // >>> mdm.adapters-sim-android-clomo (simulated / android / clomo adapters)
  'mdm.clomo.task.title': 'Manual step in CLOMO PANEL: {action} ({device})',
  'mdm.clomo.task.waiting': 'Waiting for a helpdesk member to do the CLOMO PANEL steps and confirm',
  'mdm.clomo.task.done': '{user} confirmed it done',
  'mdm.clomo.task.failed': '{user} reported it failed: {note}',
  'mdm.clomo.task.alreadyDecided': '{user} has already answered this task',
  'mdm.clomo.license.question': 'How many CLOMO licenses are there (bought, and in use) according to CLOMO PANEL?',
  'mdm.clomo.license.recorded': 'CLOMO license counts recorded: {total} bought / {used} in use',
  'mdm.clomo.action.wipe': 'Wipe the device',
  'mdm.clomo.action.retire': 'Remove the MDM profile (on the device)',
  'mdm.clomo.action.delete': 'Delete the device record',
  'mdm.clomo.action.enable_lost_mode': 'Enable lost mode',
  'mdm.clomo.action.disable_lost_mode': 'Disable lost mode',
  'mdm.clomo.action.sync': 'Update the device information',
  'mdm.clomo.action.remove_profiles': 'Remove the installed configuration profiles',
  'mdm.clomo.action.revoke_vpp_licenses': 'Revoke the VPP app licenses',
  'mdm.clomo.action.remove_certificates': 'Remove the issued certificates',
  'mdm.clomo.panelLink': 'CLOMO PANEL: {url}',
  'mdm.clomo.step.login': 'Log in to CLOMO PANEL and click [ Devices ].',
  'mdm.clomo.step.loginUrl': 'Log in to CLOMO PANEL ({url}) and click [ Devices ].',
  'mdm.clomo.step.select': 'On the Devices screen, select the device (serial number {device}).',
  'mdm.clomo.step.wipe.command': 'From [ コマンドを選択してください ] (Select a command), choose [ デバイスを初期化 ] (Wipe device).',
  'mdm.clomo.step.wipe.next': 'Click [ 次へ ] (Next).',
  'mdm.clomo.step.wipe.esimOn': 'Tick [ eSIMを削除 ] (Remove eSIM).',
  'mdm.clomo.step.wipe.esimOff': 'Leave [ eSIMを削除 ] (Remove eSIM) unticked (the eSIM is kept).',
  'mdm.clomo.step.wipe.rtsOn': 'Tick [ MDMへの再登録(Return to Service) ] (re-kitting the device).',
  'mdm.clomo.step.wipe.rtsOff': 'Leave [ MDMへの再登録(Return to Service) ] unticked.',
  'mdm.clomo.step.ok': 'Click [ OK ].',
  'mdm.clomo.step.typeYes': 'Type "YES".',
  'mdm.clomo.step.wipe.confirm': 'Click [ デバイスを初期化 ] (Wipe device).',
  'mdm.clomo.step.confirmOk': 'When the confirmation appears, click [ OK ].',
  'mdm.clomo.step.checkGreyed': 'Check that the device is now shown struck through (greyed out).',
  'mdm.clomo.step.retire.settings': 'On the iOS device ({device}) that leaves CLOMO MDM, open the Settings app.',
  'mdm.clomo.step.retire.general': 'Tap [ General ].',
  'mdm.clomo.step.retire.vpn': 'Tap [ VPN & Device Management ].',
  'mdm.clomo.step.retire.profile': 'Under device management (or profiles), tap [ CLOMO - MDM ].',
  'mdm.clomo.step.retire.remove': 'Tap [ Remove ].',
  'mdm.clomo.step.retire.passcode': 'If asked, enter the device passcode.',
  'mdm.clomo.step.retire.confirm': 'On the profile removal screen, choose [ Remove ].',
  'mdm.clomo.step.checkGreyedPanel': "In CLOMO PANEL's Devices screen, check that the device is now shown struck through (greyed out).",
  'mdm.clomo.note.retire.apps': 'Apps whose Managed Apps option "uninstall when the MDM profile is removed" is on (Applications screen) will be uninstalled.',
  'mdm.clomo.note.retire.restricted':
    'If the ADE profile restricts [ MDM構成プロファイル削除 ] (MDM profile removal), it cannot be removed on the device. In that case press [Failed].',
  'mdm.clomo.step.delete.command': 'From [ コマンドを選択してください ] (Select a command), choose [ デバイスを削除 ] (Delete device).',
  'mdm.clomo.step.delete.appsRemove':
    'Tick [ 自動インストールしたアプリを削除する ] (Remove auto-installed apps): the apps CLOMO installed automatically are uninstalled from the device.',
  'mdm.clomo.step.delete.appsKeep':
    'Untick [ 自動インストールしたアプリを削除する ] (Remove auto-installed apps): the apps CLOMO installed automatically stay on the device.',
  'mdm.clomo.step.run': 'Click [ 実行 ] (Run).',
  'mdm.clomo.step.delete.confirm': 'Click [ デバイスを削除 ] (Delete device).',
  'mdm.clomo.step.delete.accepted': 'A notice says the deletion was accepted. After a while, check that the device no longer appears in the Devices list.',
  'mdm.clomo.note.delete.menu':
    'If [ デバイスを削除 ] is not offered, use [ デバイスの編集 ] (Edit device) → [ 削除 ] (Delete). If neither works (e.g. devices with the Work Smart configuration), ask CLOMO Support Center to delete it, press [Failed] and say so.',
  'mdm.clomo.note.delete.lostMode': 'Deleting the record while lost mode is on makes lost mode impossible to disable (the device must then be wiped).',
  'mdm.clomo.note.delete.vpp':
    'Deleting revokes the VPP app licenses of the device and uninstalls the auto-installed apps (apps installed one by one with an install command stay).',
  'mdm.clomo.step.deleteGreyed.button': 'Click [ デバイスの情報を完全に削除 ] (Delete device information completely).',
  'mdm.clomo.note.deleteGreyed.blocked':
    'If a message says the record cannot be deleted because a certificate or VPP licenses remain, press [Failed] and copy the message (the certificate must be removed or the VPP licenses revoked first).',
  'mdm.clomo.step.profiles.command':
    'From [ コマンドを選択してください ] (Select a command), choose [ 構成プロファイルを削除 ] (Remove configuration profile).',
  'mdm.clomo.step.profiles.select': 'Click [ 選択してください ] (Select) and pick the configuration profile to remove.',
  'mdm.clomo.step.profiles.repeat': 'Repeat steps 3–5 for every installed configuration profile (the MDM profile itself stays on the device).',
  'mdm.clomo.step.vpp.refresh':
    'Refresh the license counts as CLOMO\'s manual "アプリケーションライセンス数を更新する" (Update application license counts) describes.',
  'mdm.clomo.step.vpp.revoke':
    'Revoke the VPP licenses of device {device} as CLOMO\'s manual "VPP アプリケーションライセンスを剥奪する(デバイス向け)" (Revoke VPP licenses, device-based) describes.',
  'mdm.clomo.step.cert.revoke':
    'Remove the certificate issued to device {device} as CLOMO\'s manual "証明書発行済みデバイスを CLOMO 管理下から削除する" (Remove a device with issued certificates) describes.',
  'mdm.clomo.step.lost.enable':
    'From [ コマンドを選択してください ] (Select a command), choose the command that enables lost mode, and enter the message "{message}" and the phone number "{phone}".',
  'mdm.clomo.step.lost.disable': 'From [ コマンドを選択してください ] (Select a command), choose the command that disables lost mode.',
  'mdm.clomo.step.sync.command': 'From [ コマンドを選択してください ] (Select a command), choose the command that updates the device information.',
  'mdm.clomo.step.report': 'When finished, press [Done] in Slack; if it could not be done, press [Failed] and write why (the message the console showed).',
  'mdm.android.deleteWipes':
    'Removing an Android Enterprise device from the MDM wipes it (a personally owned device loses its work profile). Make sure the data has been moved first.',
  'mdm.android.noSync': 'The Android Management API has no "sync now" command; devices fetch their policy on their own.',
  'mdm.android.noLicenseCount': 'The Android Management API has no license count. Set ANDROID_LICENSE_TOTAL to track free seats.',
  'mdm.android.retireFullyManaged': 'A fully managed (device owner) Android device cannot leave management without a wipe.',
  'mdm.simulated.name': 'Simulator (a virtual MDM for demos)',
  'mdm.simulated.seeded': 'Loaded {devices} simulated devices ({total} licenses).',
  'mdm.simulated.notice': 'This is the simulator: nothing happens to real devices.',
  // <<< mdm.adapters-sim-android-clomo
} satisfies Record<string, string>;
