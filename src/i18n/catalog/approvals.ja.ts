// Messages for "approvals" (who decides, and decisions that are never skipped nor lost) in Japanese. Keys are
// "approvals.…".
export default {
  'approvals.nobody.replacement':
    'この交換を承認できる人がいません。対象者の上長がボットの使える情報源になく、ほかに承認者も設定されていません（申請者本人と対象者本人は承認できません）。次のいずれかを設定してから「再試行」を押してください: ディレクトリまたは MANAGER_MAPPING_FILE の上長（MANAGER_SOURCES）、REPLACEMENT_FALLBACK_APPROVER_IDS、HELPDESK_USER_IDS。',
  'approvals.nobody.offboarding':
    'この退職処理を承認できる人がいません。設定された承認者が全員、申請者本人か退職者本人で、退職者の上長もボットの使える情報源にありません。OFFBOARDING_APPROVER_IDS（または OFFBOARDING_FALLBACK_APPROVER_IDS、HELPDESK_USER_IDS、ディレクトリまたは MANAGER_MAPPING_FILE の上長）を設定してから「再試行」を押してください。',
  'approvals.nobody.confirmation': 'この確認に回答できる人がいません。HELPDESK_USER_IDS を設定してから「再試行」を押してください。',
  'approvals.decision.ignored.own_workflow': '<@{by}> さんの判断は無視しました(申請者本人と対象者本人は承認できません)。',
  'approvals.decision.ignored.role': '<@{by}> さんの判断は無視しました(このステップを判断できる人ではありません)。',
  'approvals.decision.ignored.not_recorded': '<@{by}> さんの判断は無視しました(このステップに記録された判断と一致しません)。',
  'approvals.refused.subject': 'この申請はあなた自身が対象のため、承認できません。上長または承認者が判断します。',
  'approvals.refused.manager_changed':
    'Slack プロフィールの上長としてお願いしていましたが、そのプロフィールはもうあなたを上長としていません。判断は記録されていません。',
  'approvals.refused.not_waiting':
    'ワークフローは今この判断を待っていません（ステップの状態: {status}）。何も記録していません。ボタンはそのまま残ります。ステップが失敗している場合は、先にヘルプデスクが「再試行」してください。',
  'approvals.refused.workflow_ended': 'このワークフローはすでに終了しています（{status}）。何も記録していません。',
  'approvals.refused.busy': 'このステップの判断を処理中です。何も記録していません。少し待ってからもう一度押してください。',
  'approvals.redelivered': '{who} さんの判断は記録されていましたが、ワークフローに届いていませんでした。いま届けました。',
};
