// Removes secrets from any text before it is written out: the registered secret values (from config),
// and anything that looks like a credential whatever its source (bearer tokens, Slack tokens, JWTs,
// PEM keys, client_secret=… in a form body, passwords in URLs).

const known = new Set<string>();

/** Registers secret values (from config) so that they are scrubbed wherever they appear. */
export function registerSecrets(values: Iterable<string>): void {
  for (const v of values) if (v && v.length >= 4) known.add(v);
}

const PATTERNS: [RegExp, string][] = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, '[redacted private key]'],
  [/(-----BEGIN [A-Z ]*PRIVATE KEY-----)[^"]*/g, '[redacted private key]'],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [redacted]'],
  [/\bxox[abposr]-[A-Za-z0-9-]{6,}/g, 'xox?-[redacted]'],
  [/\bxapp-[A-Za-z0-9-]{6,}/g, 'xapp-[redacted]'],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, '[redacted jwt]'],
  [/((?:client_secret|client_assertion|password|access_token|refresh_token|assertion)(?:\\?"\s*:\s*\\?"|=))[^"&\s\\]+/gi, '$1[redacted]'],
  [/(\/\/[^:/@\s"]+:)[^@\s"]+@/g, '$1[redacted]@'],
];

export function scrub(text: string): string {
  let out = text;
  for (const secret of known) {
    if (out.includes(secret)) out = out.split(secret).join('[redacted]');
    const json = JSON.stringify(secret).slice(1, -1); // the same secret as it appears inside a JSON string
    if (json !== secret && out.includes(json)) out = out.split(json).join('[redacted]');
  }
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
