// Messages for "abm" in Japanese. Keys are "abm.…"; {name} is a placeholder.
export default {
  // >>> abm.simulated (simulated / android / clomo adapters)
  "abm.simulated.name": "シミュレーター(デモ用の仮想 Apple Business Manager)",
  "abm.simulated.activation.enrolled": "{serial} がアクティベートされ、MDM に登録されました。",
  "abm.simulated.activation.no_license": "{serial} のアクティベーションが「リモートマネージメント」で止まりました: MDM の空きライセンスがありません。古いデバイスを MDM から削除してライセンスを空けてから、もう一度アクティベートしてください。",
  "abm.simulated.activation.not_in_abm": "{serial} は Apple Business Manager にありません。手動登録が必要です。",
  "abm.simulated.activation.not_assigned": "{serial} は MDM サーバーに割り当てられていないため、MDM に登録されずにセットアップされました。",
  "abm.simulated.activation.other_mdm": "{serial} は別の MDM サーバーに割り当てられています。",
  "abm.simulated.activation.already_enrolled": "{serial} はすでに MDM に登録されています。",
  // <<< abm.simulated
} satisfies Record<string, string>;
