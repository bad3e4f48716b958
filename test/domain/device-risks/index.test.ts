// The catalogue of rules: every code has its rule, under its own code, saying something and citing a source.
import { describe, expect, it } from 'vitest';
import { RISK_RULES } from '../../../src/domain/device-risks';

describe('RISK_RULES', () => {
  it('lists each rule under its own code, with a sentence and a source', () => {
    const entries = Object.entries(RISK_RULES);
    expect(entries.length).toBe(18);
    for (const [code, rule] of entries) {
      expect(rule.code).toBe(code);
      expect(rule.says.length).toBeGreaterThan(10);
      expect(rule.source.section.length).toBeGreaterThan(0);
    }
  });
});
