import { describe, expect, it } from 'vitest';
import { PASSWORD_MIN_LENGTH, generatePassword, passwordProblem, passwordRules } from './password-policy';

describe('password policy', () => {
  it('names each unmet rule, in checklist order', () => {
    const unmet = (word: string): string[] =>
      passwordRules(word)
        .filter((rule) => !rule.met)
        .map((rule) => rule.id);
    expect(unmet('')).toEqual(['length', 'upper', 'lower', 'digit', 'special']);
    expect(unmet('Abcdefghijk1')).toEqual(['special']);
    expect(unmet('Abcdefghij1!')).toEqual([]);
    expect(unmet(`Aa1!${'x'.repeat(130)}`)).toEqual(['max']);
    expect(passwordProblem('abcdefghij1!')).toMatch(/upper-case/);
  });

  it('generates passwords that meet the policy, of the asked length, and differ', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i += 1) {
      const password = generatePassword();
      expect(password).toHaveLength(20);
      expect(passwordProblem(password)).toBeNull();
      seen.add(password);
    }
    expect(seen.size).toBe(200);
    expect(generatePassword(4)).toHaveLength(PASSWORD_MIN_LENGTH);
  });

  it('meets the policy even from a degenerate byte source (the four classes are forced)', () => {
    const zeros = (bytes: Uint8Array): Uint8Array => bytes.fill(0);
    expect(passwordProblem(generatePassword(16, zeros))).toBeNull();
  });
});
