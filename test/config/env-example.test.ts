// .env.example lists every variable the configuration knows, each with a comment above it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema';
import { isSecretName } from '../../src/config/secrets';

describe('.env.example', () => {
  const lines = readFileSync(join(__dirname, '..', '..', '.env.example'), 'utf8').split('\n');

  it('names every configuration variable, with a comment', () => {
    const problems: string[] = [];
    for (const key of Object.keys(configSchema.shape)) {
      const at = lines.findIndex((l) => new RegExp(`^#?\\s*${key}=`).test(l));
      if (at < 0) problems.push(`${key}: missing`);
      else if (!lines.slice(Math.max(0, at - 6), at).some((l) => l.startsWith('#') && !/^#\s*\w+=/.test(l))) problems.push(`${key}: no comment`);
    }
    expect(problems).toEqual([]);
  });

  it('holds no value that looks like a real secret', () => {
    const filled = lines.filter((l) => /^[A-Z0-9_]+=\S/.test(l) && isSecretName(l.split('=')[0]!));
    expect(filled).toEqual([]);
  });
});
