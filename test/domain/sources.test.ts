// Every source a rule cites exists: the section heading in its seed document, the heading in DOMAIN.md.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SOURCES } from '../../src/domain/sources';

const SHARED = join(__dirname, '..', '..', '..', 'shared');

describe('SOURCES', () => {
  const domain = readFileSync(join(SHARED, 'DOMAIN.md'), 'utf8');
  for (const [name, source] of Object.entries(SOURCES)) {
    it(`${name}: the section is in its document and the notes' heading in DOMAIN.md`, () => {
      if (source.document) expect(readFileSync(join(SHARED, 'seeds', source.document), 'utf8')).toContain(source.section);
      expect(domain).toContain(`## ${source.notes.split(' › ')[0]}`);
    });
  }
});
