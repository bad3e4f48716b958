// Messages for "abm" in Japanese. Keys are "abm.…"; {name} is a placeholder.
export default {
  // >>> abm.simulated (simulated / android / clomo adapters)
  'abm.simulated.name': 'シミュレーター(デモ用の仮想 Apple Business Manager)',
  'abm.simulated.activation.enrolled': '{serial} がアクティベートされ、MDM に登録されました。',
  'abm.simulated.activation.no_license':
    '{serial} のアクティベーションが「リモートマネージメント」で止まりました: MDM の空きライセンスがありません。古いデバイスを MDM から削除してライセンスを空けてから、もう一度アクティベートしてください。',
  'abm.simulated.activation.not_in_abm': '{serial} は Apple Business Manager にありません。手動登録が必要です。',
  'abm.simulated.activation.not_assigned': '{serial} は MDM サーバーに割り当てられていないため、MDM に登録されずにセットアップされました。',
  'abm.simulated.activation.other_mdm': '{serial} は別の MDM サーバーに割り当てられています。',
  'abm.simulated.activation.already_enrolled': '{serial} はすでに MDM に登録されています。',
  // <<< abm.simulated
  // >>> abm.apple (Apple Business Manager API adapter)
  'abm.apple.name': 'Apple Business Manager',
  'abm.apple.activity.kind.ASSIGN_DEVICES': 'MDM サーバーへの割り当て',
  'abm.apple.activity.kind.UNASSIGN_DEVICES': 'MDM サーバーからの割り当て解除',
  'abm.apple.activity.kind.RELEASE_DEVICES': '組織からのリリース',
  'abm.apple.activity.status.IN_PROGRESS': '処理中',
  'abm.apple.activity.status.COMPLETED': '完了',
  'abm.apple.activity.status.FAILED': '失敗',
  'abm.apple.activity.device_failed': '{serial}: Apple Business Manager で「{kind}」ができませんでした: {error}',
  'abm.apple.activity.partly_failed': 'Apple Business Manager の処理は完了しましたが、{failed} 台は反映されていません。',
  'abm.apple.config.missing': 'Apple Business Manager API の設定が足りません: {variables}',
  // <<< abm.apple
} satisfies Record<string, string>;
