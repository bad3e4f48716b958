// Removes secrets from any text before it is written out — a log line, an error stored in the database (a step's
// lastError, an audit row), a message to Slack. Two kinds:
// - value-based: the values registered from config (secret variables, and the contents of secret files given as
//   *_FILE, src/config/secrets.ts), as written, as inside a JSON string and as percent-encoded in a form or URL;
// - key-based: whatever follows a credential-looking key — `token`, `id_token`, `access_token`, `refresh_token`,
//   `api_key`, `apiKey`, `X-Api-Key`, `client_secret`, `password`, `authorization`, `client_assertion`,
//   `private_key`, `cookie`… — in a JSON body (also JSON inside a JSON string), a form or query string, a header
//   line or a logged object; plus shapes that are credentials wherever they appear (bearer/basic credentials,
//   Slack tokens, JWTs, PEM private keys, passwords in URLs).

const known = new Set<string>();
const forms: string[] = [];

/** Registers secret values (from config) so that they are scrubbed wherever they appear. */
export function registerSecrets(values: Iterable<string>): void {
  for (const v of values) {
    if (!v || v.length < 4 || known.has(v)) continue;
    known.add(v);
    // the same secret as it appears inside a JSON string, percent-encoded, and with \n written as in a .env file
    for (const form of [v, JSON.stringify(v).slice(1, -1), encodeURIComponent(v), v.replace(/\n/g, '\\n')]) if (!forms.includes(form)) forms.push(form);
  }
  // longest first: a secret that contains another is replaced whole
  forms.sort((a, b) => b.length - a.length);
}

/** A key whose value is a credential: `…token`, `…secret`, `…password`, `api_key`/`apiKey`/`X-Api-Key`, … */
const KEY = `[A-Za-z0-9_.-]*?(?:token|secret|passw(?:or)?d|pwd|api[_-]?key|authorization|assertion|private[_-]?key|credentials?|cookie)`;
const NOT_AFTER = `(?<![A-Za-z0-9])`;

const PATTERNS: [RegExp, string][] = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, '[redacted private key]'],
  [/(-----BEGIN [A-Z ]*PRIVATE KEY-----)[^"]*/g, '[redacted private key]'],
  // "key": "value" in JSON (the value may hold escaped quotes and spaces)
  [new RegExp(String.raw`(${NOT_AFTER}"${KEY}"\s*:\s*")(?:[^"\\]|\\.)*"`, 'gi'), '$1[redacted]"'],
  // \"key\":\"value\" — JSON inside a JSON string
  [new RegExp(String.raw`(${NOT_AFTER}\\"${KEY}\\"\s*:\s*\\")(?:(?!\\").)*\\"`, 'gi'), '$1[redacted]\\"'],
  [/\b(Bearer|Basic)\s+(?!\[redacted)[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [redacted]'],
  [/\bxox[abposre]-[A-Za-z0-9-]{6,}/g, 'xox?-[redacted]'],
  [/\bxapp-[A-Za-z0-9-]{6,}/g, 'xapp-[redacted]'],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, '[redacted jwt]'],
  [/(\/\/[^:/@\s"]+:)[^@\s"]+@/g, '$1[redacted]@'],
];

/** key=value, key: value, 'key': 'value', "key": 12345 — forms, query strings, header lines, logged objects */
const LOOSE = new RegExp(
  String.raw`(${NOT_AFTER}(${KEY})(\\?["'])?\s*([:=])\s*(?:\\?["'])?)(?:(?:Bearer|Basic|Token)\s+)?(?!\[redacted)[^\s"'\\&,;}\]]+`,
  'gi',
);

/** An environment variable's name in prose ("SLACK_BOT_TOKEN: expected xoxb-…", a config error) names no value. */
const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;

export function scrub(text: string): string {
  let out = text;
  for (const form of forms) if (out.includes(form)) out = out.split(form).join('[redacted]');
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out.replace(LOOSE, (whole, head: string, key: string, quote: string | undefined, sep: string) =>
    sep === ':' && !quote && ENV_NAME.test(key) && /:\s/.test(head) ? whole : `${head}[redacted]`,
  );
}

/** Any value with every string in it scrubbed (an object keeps its shape): for JSON stored or sent. */
export function scrubValue<T>(value: T): T {
  if (typeof value === 'string') return scrub(value) as T;
  if (Array.isArray(value)) return value.map(scrubValue) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = scrubValue(v);
    return out as T;
  }
  return value;
}
