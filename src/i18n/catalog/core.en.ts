// Messages for "core" in English. Keys are "core.…"; {name} is a placeholder.
export default {
  'core.eta.underMinute': 'under a minute',
  'core.eta.minutes': 'about {n} min',
  'core.eta.hours': 'about {n} h',
  'core.eta.days': 'about {n} day(s)',
  'core.progress.line': '{label}: {done} of {total} ({percent}%)',
  'core.progress.left': ', {eta} left',
} satisfies Record<string, string>;
