// Which configuration values are secrets, so that nothing ever logs them.
// By name: anything that looks like a token, secret, password or key. DATABASE_URL is special: only its
// password is secret (the host and database name help when debugging a connection). A secret given as a file
// (ABM_PRIVATE_KEY_FILE, ANDROID_SERVICE_ACCOUNT_FILE, or any <secret name>_FILE) is read here too, so that
// its content — the whole file, and the secret fields of a JSON key file — is registered with the scrubber at
// start-up, before any adapter reads it.
import { readFileSync } from 'node:fs';

const SECRET_NAME = /(TOKEN|SECRET|PASSWORD|PRIVATE_KEY|API_KEY|CLIENT_KEY|_KEY$|CREDENTIALS|SERVICE_ACCOUNT_JSON)/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !/_(URL|ID|FILE|PATH|AUDIENCE)$/i.test(name);
}

/** A variable naming a file whose content is a secret: ABM_PRIVATE_KEY_FILE, ANDROID_SERVICE_ACCOUNT_FILE, … */
export function isSecretFileName(name: string): boolean {
  if (!/_FILE$/i.test(name)) return false;
  const base = name.slice(0, -5);
  return isSecretName(base) || isSecretName(`${base}_JSON`);
}

/** The secret values of a secret file: its content, and the credential fields of a JSON key file. */
export function secretFileValues(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return []; // the adapter that needs the file reports it missing
  }
  const out = [text, text.trim()];
  try {
    const json = JSON.parse(text) as unknown;
    if (json && typeof json === 'object')
      for (const [key, value] of Object.entries(json))
        if (typeof value === 'string' && /(secret|private_key|token|password)/i.test(key)) out.push(value, value.trim());
  } catch {
    // not JSON (a PEM file): the content is the secret
  }
  return out.filter((v) => v.length >= 4);
}

/** Every secret value found in an environment-shaped object (for the logger's scrubber). */
export function secretValues(env: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (typeof value !== 'string' || value.length < 4) continue;
    if (isSecretName(name)) out.push(value);
    if (isSecretFileName(name)) out.push(...secretFileValues(value));
    if (name === 'DATABASE_URL') {
      const password = databasePassword(value);
      if (password) out.push(password);
    }
  }
  return out;
}

function databasePassword(value: string): string | undefined {
  try {
    const u = new URL(value);
    return u.password ? decodeURIComponent(u.password) : undefined;
  } catch {
    return undefined;
  }
}

/** A copy of the config fit for a log line: secret values replaced by "[redacted]". */
export function redactConfig<T extends Record<string, unknown>>(config: T): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(config)) {
    if (value === undefined) continue;
    if (isSecretName(name)) out[name] = '[redacted]';
    else if (name === 'DATABASE_URL' && typeof value === 'string') out[name] = value.replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:[redacted]@');
    else out[name] = value;
  }
  return out;
}
