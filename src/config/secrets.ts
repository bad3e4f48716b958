// Which configuration values are secrets, so that nothing ever logs them.
// By name: anything that looks like a token, secret, password or key. DATABASE_URL is special: only its
// password is secret (the host and database name help when debugging a connection).

const SECRET_NAME = /(TOKEN|SECRET|PASSWORD|PRIVATE_KEY|API_KEY|CLIENT_KEY|_KEY$|CREDENTIALS|SERVICE_ACCOUNT_JSON)/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !/_(URL|ID|FILE|PATH|AUDIENCE)$/i.test(name);
}

/** Every secret value found in an environment-shaped object (for the logger's scrubber). */
export function secretValues(env: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (typeof value !== 'string' || value.length < 4) continue;
    if (isSecretName(name)) out.push(value);
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
