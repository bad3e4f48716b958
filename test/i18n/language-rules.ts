// What a text a person reads must not contain (issue 15): in Japanese, an English word that is not a product's
// name or a term Japanese IT staff use as it is; in either language, a raw code (snake_case), an escaped mention
// (`&lt;@U…`, which Slack shows as text instead of a person), or a {placeholder} nobody filled. English texts hold
// no Japanese, except where they quote a Japanese console's own labels (CLOMO PANEL: "[ デバイスを初期化 ]").
// Used by the catalogue test and by the rendered-messages test.

/** English words a Japanese text may hold, each for a reason. Everything else is a word to translate. */
export const ALLOWED_IN_JAPANESE = new Set([
  // products, vendors, their services and consoles, as their Japanese users write them
  'Slack',
  'Intune',
  'Jamf',
  'Pro',
  'Apple',
  'Business',
  'Manager',
  'Configurator',
  'iCloud',
  'Safari',
  'iPhone',
  'iPad',
  'iOS',
  'iPadOS',
  'macOS',
  'Mac',
  'Windows',
  'Android',
  'Enterprise',
  'Management',
  'API',
  'Google',
  'Microsoft',
  'Graph',
  'CLOMO',
  'PANEL',
  'Josys',
  'Snipe-IT',
  'Excel',
  'devicebot',
  // Apple's feature names, shown in English in Japanese consoles too
  'Return',
  'to',
  'Service',
  // CLOMO PANEL's own English labels ("Devices" screen, "Applications" screen, "Managed Apps")
  'Devices',
  'Applications',
  'Managed',
  'Apps',
  // acronyms and formats used as they are in Japanese
  'ABM',
  'MDM',
  'ADE',
  'DEP',
  'VPP',
  'CSV',
  'ID',
  'URL',
  'PIN',
  'OK',
  'DM',
  'SIM',
  'eSIM',
  'QR',
  'VPN',
  'Wi-Fi',
  'CA',
  'OS',
  'HTTP',
  'SYS',
  'UTF-8',
  'Shift-JIS',
  'CP932',
  'YYYY-MM-DD',
  'YYYY',
  'MM',
  'DD',
  // a literal the person types, quoted as such (CLOMO's deletion asks for "YES")
  'YES',
]);

/** Keys whose whole text is a command shown in a code span (`/device help`), not a sentence. */
export const CODE_KEYS = (key: string) => /^slack\.help\.[\w-]+\.(usage|example)$/.test(key);

/** What is not prose: placeholders, code spans, Slack links and mentions, URLs, configuration variable names
 *  (an admin sets them by name), and tokens with a digit (serials, models, versions). */
export function withoutCode(text: string): string {
  return text
    .replace(/\{\w+\}/g, ' ')
    .replace(/`[^`]*`/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g, ' ')
    .replace(/[A-Za-z0-9._-]*\d[A-Za-z0-9._-]*/g, (token) => (/^(UTF-8|CP932)$/.test(token) ? token : ' '));
}

/** English words of a Japanese text that are not allowed. */
export function englishWords(japanese: string): string[] {
  const words = [...withoutCode(japanese).matchAll(/[A-Za-z][A-Za-z0-9'-]*/g)].map((m) => m[0].replace(/[-']+$/, ''));
  return words.filter((w) => w.length > 1 && !ALLOWED_IN_JAPANESE.has(w));
}

/** Raw codes: snake_case identifiers (ade_assignment_remains, in_use) outside code spans and URLs. */
export function rawCodes(text: string): string[] {
  return [...withoutCode(text).matchAll(/\b[a-z][a-z0-9]*_[a-z0-9_]+\b/g)].map((m) => m[0]);
}

/** Japanese in an English text, outside a quoted console label ([ … ], "…", 「…」) and code spans. */
export function japaneseIn(english: string): string[] {
  const prose = english
    .replace(/`[^`]*`/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/"[^"]*"/g, ' ')
    .replace(/「[^」]*」/g, ' ');
  return [...prose.matchAll(/[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]+/g)].map((m) => m[0]);
}

/** Every problem of one rendered text, as readable strings (empty: fine). */
export function problems(locale: 'ja' | 'en', text: string, options: { code?: boolean } = {}): string[] {
  const found: string[] = [];
  if (/&lt;[@#!]/.test(text)) found.push('escaped mention');
  for (const m of text.matchAll(/\{(\w+)\}/g)) found.push(`unfilled {${m[1]}}`);
  if (options.code) return found;
  for (const c of rawCodes(text)) found.push(`raw code ${c}`);
  if (locale === 'ja') for (const w of englishWords(text)) found.push(`English word "${w}"`);
  else for (const j of japaneseIn(text)) found.push(`Japanese "${j}"`);
  return found;
}
