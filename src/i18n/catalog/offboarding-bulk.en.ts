// Messages for bulk offboarding from a CSV (the command line and the Slack bulk modal) in English.
// Keys are "offboarding-bulk.…"; {name} is a placeholder.
export default {
  'offboarding-bulk.where.file': 'File',
  'offboarding-bulk.where.row': 'Row {row}',
  'offboarding-bulk.where.cell': 'Row {row}, column {letter} ({column})',
  'offboarding-bulk.problem.undecodable': 'the file is neither UTF-8 nor Shift-JIS (CP932). In Excel, save it as "CSV UTF-8 (comma delimited)" and try again.',
  'offboarding-bulk.problem.replacementCharacter':
    'the file contains "\uFFFD" (a character lost in an earlier conversion), first on line {line}. Export it again from the original spreadsheet.',
  'offboarding-bulk.problem.binary': 'this is not a CSV text file (an .xlsx workbook?). In Excel, use "Save as" → "CSV UTF-8".',
  'offboarding-bulk.problem.csvSyntax':
    'this row cannot be read as CSV ({detail}, near line {line}): check the double quotes ("), a quote inside a cell is written twice ("").',
  'offboarding-bulk.problem.empty': 'the file has no rows of people under the header.',
  'offboarding-bulk.problem.tooManyRows': 'the file has {rows} rows; at most {max} people per file. Split it into several files.',
  'offboarding-bulk.problem.tooLarge': 'the file is {size} bytes; at most {max} bytes.',
  'offboarding-bulk.problem.unknownColumn':
    'unknown column. Known columns: email, slack_id, person, last_working_day, run_at, wipe, remove_esim, return_to_service, keep_auto_installed_apps, afterwards, hand_over_to.',
  'offboarding-bulk.problem.duplicateColumn': 'this column appears twice in the header.',
  'offboarding-bulk.problem.missingPersonColumn': 'the header needs an email, slack_id or person column.',
  'offboarding-bulk.problem.missingDayColumn': 'the header needs a last_working_day column.',
  'offboarding-bulk.problem.personMissing': 'no e-mail address or Slack id for the leaving person.',
  'offboarding-bulk.problem.badEmail': '"{value}" is not an e-mail address.',
  'offboarding-bulk.problem.badSlackId': '"{value}" is not a Slack user id (U… or W…, see the member\'s profile → ⋮ → Copy member ID).',
  'offboarding-bulk.problem.badDate': '"{value}" is not a date; write YYYY-MM-DD (or YYYY/MM/DD).',
  'offboarding-bulk.problem.badRunAt': '"{value}" is not a date and time; accepted: {accepted}.',
  'offboarding-bulk.problem.badBoolean': '"{value}" is not a yes/no value; accepted: {accepted}. Leave the cell empty for the default.',
  'offboarding-bulk.problem.badChoice': '"{value}" is not one of: {accepted}.',
  'offboarding-bulk.problem.handOverNeedsPerson': 'afterwards is hand_over: give the Slack id of who receives the devices in hand_over_to.',
  'offboarding-bulk.problem.notSelf': 'you cannot offboard yourself.',
  'offboarding-bulk.problem.personMismatch': 'the e-mail {email} and the Slack id {slackId} belong to two different people.',
  'offboarding-bulk.problem.duplicateConflict': '{person} is also on row {otherRow}, with different values. Keep one row for each person.',
  'offboarding-bulk.problem.invalid': 'the row is not valid ({detail}).',
  'offboarding-bulk.notice.duplicateMerged': '{person} is also on row {otherRow} with the same values: offboarded once.',
  'offboarding-bulk.summary.refused': '{count} problem(s) in the file; nothing was started. Fix the file and send it again.',
  'offboarding-bulk.summary.more': '… and {count} more problem(s).',
  'offboarding-bulk.summary.ok': '{count} person(s) in the file, no problems.',
  'offboarding-bulk.summary.encoding': 'Read as {encoding}.',
  'offboarding-bulk.problem.fileUnavailable': 'the uploaded file could not be read from Slack (does the app have the files:read scope?). Upload it again.',
  // the Slack bulk modal (/device offboard-bulk)
  'offboarding-bulk.modal.title': 'Bulk offboarding',
  'offboarding-bulk.modal.intro':
    "Upload a CSV with one row per leaving person: *email* or *slack_id* (or *person*), *last_working_day* (YYYY-MM-DD), and optionally *wipe*, *remove_esim*, *return_to_service*, *keep_auto_installed_apps* (yes/no, はい/いいえ, true/false, 1/0; wipe also takes wipe/keep), *run_at*, *afterwards* (return_to_stock, dispose, hand_over) and *hand_over_to*. UTF-8 or Excel's Shift-JIS. Every problem is listed at once; nothing starts while one is left.",
  'offboarding-bulk.modal.file': 'CSV file',
  'offboarding-bulk.modal.fileHint': 'One file, at most 2,000 people.',
  'offboarding-bulk.modal.fileRequired': 'Choose the CSV file.',
  'offboarding-bulk.modal.mode': 'What to do',
  'offboarding-bulk.modal.modeCheck': 'Check the file only (nothing starts)',
  'offboarding-bulk.modal.modeStart': 'Check, then start every offboarding',
  'offboarding-bulk.modal.accepted': 'Checking {file}. The result will be posted in {channel}.',
  'offboarding-bulk.modal.yourDms': 'your direct messages',
  'offboarding-bulk.modal.close': 'Close',
  'offboarding-bulk.slack.refused': 'Bulk offboarding file {file} from {user}: {problems} problem(s); nothing was started. Fix the file and upload it again.',
  'offboarding-bulk.slack.checked':
    'Bulk offboarding file {file} from {user}: {count} person(s), no problems. Nothing was started (check only); upload it again with "Check, then start" to start.',
  'offboarding-bulk.slack.started':
    'Bulk offboarding file {file} from {user}: {created} offboarding(s) started, {existing} already started before, {failed} could not start. Each has its own thread with its plan, waiting for approval.',
  'offboarding-bulk.slack.failed': 'Bulk offboarding file {file} from {user} could not be checked: {error}. Nothing was started.',
} as const;
