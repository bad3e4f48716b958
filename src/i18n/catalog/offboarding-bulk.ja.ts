// 一括退職処理 (CSV: コマンドラインと Slack の一括モーダル) のメッセージ (日本語)。
// キーは "offboarding-bulk.…"、{name} は差し込み。
export default {
  'offboarding-bulk.where.file': 'ファイル',
  'offboarding-bulk.where.row': '{row} 行目',
  'offboarding-bulk.where.cell': '{row} 行目・{letter} 列 ({column})',
  'offboarding-bulk.problem.undecodable':
    'ファイルが UTF-8 でも Shift-JIS (CP932) でもありません。Excel で「CSV UTF-8 (コンマ区切り)」として保存し直してください。',
  'offboarding-bulk.problem.replacementCharacter':
    'ファイルに「\uFFFD」(以前の変換で失われた文字) が含まれています ({line} 行目が最初)。元の表から出力し直してください。',
  'offboarding-bulk.problem.binary': 'CSV のテキストファイルではありません (`.xlsx` ブックでは?)。Excel の「名前を付けて保存」→「CSV UTF-8」を使ってください。',
  'offboarding-bulk.problem.csvSyntax':
    'この行は CSV として読めません ({detail}、{line} 行目付近)。ダブルクォート (") を確認してください。セル内の " は "" と 2 つ重ねて書きます。',
  'offboarding-bulk.problem.empty': 'ヘッダーの下に対象者の行がありません。',
  'offboarding-bulk.problem.tooManyRows': 'ファイルは {rows} 行あります。1 ファイルにつき {max} 人までです。ファイルを分けてください。',
  'offboarding-bulk.problem.tooLarge': 'ファイルが {size} バイトあります。{max} バイトまでです。',
  'offboarding-bulk.problem.unknownColumn':
    '知らない列名です。使える列: `email`、`slack_id`、`person`、`last_working_day`、`run_at`、`wipe`、`remove_esim`、`return_to_service`、`keep_auto_installed_apps`、`afterwards`、`hand_over_to`',
  'offboarding-bulk.problem.duplicateColumn': 'この列がヘッダーに 2 回あります。',
  'offboarding-bulk.problem.missingPersonColumn': 'ヘッダーに `email`、`slack_id`、`person` のいずれかの列が必要です。',
  'offboarding-bulk.problem.missingDayColumn': 'ヘッダーに `last_working_day` の列が必要です。',
  'offboarding-bulk.problem.personMissing': '退職者のメールアドレスも Slack ID もありません。',
  'offboarding-bulk.problem.badEmail': '「{value}」はメールアドレスではありません。',
  'offboarding-bulk.problem.badSlackId': '「{value}」は Slack のユーザー ID (U… または W…。プロフィール → ⋮ →「メンバー ID をコピー」) ではありません。',
  'offboarding-bulk.problem.badDate': '「{value}」は日付ではありません。YYYY-MM-DD (または YYYY/MM/DD) で書いてください。',
  'offboarding-bulk.problem.badRunAt': '「{value}」は日時ではありません。使える形式: {accepted}',
  'offboarding-bulk.problem.badBoolean': '「{value}」ははい/いいえの値ではありません。使える値: {accepted}。既定値にするにはセルを空にしてください。',
  'offboarding-bulk.problem.badChoice': '「{value}」は次のどれでもありません: {accepted}',
  'offboarding-bulk.problem.handOverNeedsPerson': '`afterwards` が `hand_over` です。受け取る人の Slack ID を `hand_over_to` に書いてください。',
  'offboarding-bulk.problem.notSelf': '自分自身の退職処理はできません。',
  'offboarding-bulk.problem.personMismatch': 'メールアドレス {email} と Slack ID {slackId} は別の人です。',
  'offboarding-bulk.problem.duplicateConflict': '{person} は {otherRow} 行目にもあり、内容が違います。1 人 1 行にしてください。',
  'offboarding-bulk.problem.invalid': 'この行は正しくありません ({detail})。',
  'offboarding-bulk.notice.duplicateMerged': '{person} は {otherRow} 行目にも同じ内容であります。1 回だけ処理します。',
  'offboarding-bulk.summary.refused': 'ファイルに {count} 件の問題があります。何も開始していません。ファイルを直してもう一度送ってください。',
  'offboarding-bulk.summary.more': '… ほか {count} 件の問題があります。',
  'offboarding-bulk.summary.ok': 'ファイルには {count} 人、問題はありません。',
  'offboarding-bulk.summary.encoding': '文字コード {encoding} として読みました。',
  'offboarding-bulk.problem.fileUnavailable':
    'アップロードされたファイルを Slack から読めませんでした (アプリに `files:read` のスコープはありますか?)。もう一度アップロードしてください。',
  // Slack の一括モーダル (/device offboard-bulk)
  'offboarding-bulk.modal.title': '一括退職処理',
  'offboarding-bulk.modal.intro':
    '退職者 1 人 1 行の CSV をアップロードしてください: `email` または `slack_id` (または `person`)、`last_working_day` (YYYY-MM-DD)、任意で `wipe`、`remove_esim`、`return_to_service`、`keep_auto_installed_apps` (`はい`/`いいえ`、`yes`/`no`、`true`/`false`、`1`/`0`。`wipe` は `wipe`/`keep` も可)、`run_at`、`afterwards` (`return_to_stock`、`dispose`、`hand_over`)、`hand_over_to`。UTF-8 または Excel の Shift-JIS。問題はすべてまとめて示し、1 つでも残っている間は何も開始しません。',
  'offboarding-bulk.modal.file': 'CSV ファイル',
  'offboarding-bulk.modal.fileHint': '1 ファイル、2,000 人まで。',
  'offboarding-bulk.modal.fileRequired': 'CSV ファイルを選んでください。',
  'offboarding-bulk.modal.mode': '処理',
  'offboarding-bulk.modal.modeCheck': 'ファイルの確認のみ (何も開始しない)',
  'offboarding-bulk.modal.modeStart': '確認してから全員の退職処理を開始',
  'offboarding-bulk.modal.accepted': '{file} を確認しています。結果は {channel} に投稿します。',
  'offboarding-bulk.modal.yourDms': 'あなたの DM',
  'offboarding-bulk.modal.close': '閉じる',
  'offboarding-bulk.slack.refused':
    '{user} さんの一括退職処理ファイル {file}: {problems} 件の問題があります。何も開始していません。ファイルを直してもう一度アップロードしてください。',
  'offboarding-bulk.slack.checked':
    '{user} さんの一括退職処理ファイル {file}: {count} 人、問題はありません。確認のみのため何も開始していません。開始するには「確認してから開始」でもう一度アップロードしてください。',
  'offboarding-bulk.slack.started':
    '{user} さんの一括退職処理ファイル {file}: {created} 人の退職処理を開始しました (開始済み {existing} 人、開始できなかった人 {failed} 人)。それぞれのスレッドに計画があり、承認を待っています。',
  'offboarding-bulk.slack.failed': '{user} さんの一括退職処理ファイル {file} を確認できませんでした。{error}何も開始していません。',
  'offboarding-bulk.cli.planning': '計画を作成中',
  'offboarding-bulk.cli.starting': '退職処理を開始中',
  'offboarding-bulk.status.progress': '{total} 件中 {done} 件完了: 成功 {succeeded} 件、失敗 {failed} 件、取り消し {cancelled} 件',
  'offboarding-bulk.status.eta': '、残り{eta}',
  'offboarding-bulk.status.failures': '失敗した処理 (スレッドを開いて再試行・スキップ・取り消しができます):',
  'offboarding-bulk.status.thread': 'スレッド',
  'offboarding-bulk.status.more': '…ほか {count} 件',
} as const;
