// Messages for "core" in Japanese. Keys are "core.…"; {name} is a placeholder.
export default {
  'core.eta.underMinute': '1 分以内',
  'core.eta.minutes': '約 {n} 分',
  'core.eta.hours': '約 {n} 時間',
  'core.eta.days': '約 {n} 日',
  'core.progress.line': '{label}: {total} 件中 {done} 件 ({percent}%)',
  'core.progress.left': '、残り{eta}',
} satisfies Record<string, string>;
