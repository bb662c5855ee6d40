import { describe, expect, it } from 'vitest';
import { PASSWORD_SPECIALS, passwordProblem } from '../../shared/domain/password-policy';
import { passwordProblem as platformRule } from './validation';

/** A small deterministic generator of awkward candidates: short, long, each class missing. */
function* candidates(): Generator<string> {
  const pool = `aZ9${PASSWORD_SPECIALS} é€~\`'"\\/`;
  let state = 7;
  for (let n = 0; n < 4000; n += 1) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const length = state % 20;
    let word = '';
    for (let i = 0; i < length; i += 1) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      word += pool[state % pool.length];
    }
    yield word;
  }
  yield 'Abcdefghij1!';
  yield 'abcdefghij1!';
  yield 'ABCDEFGHIJ1!';
  yield 'Abcdefghijk!';
  yield 'Abcdefghijk1';
  yield 'Abcdefghi1!';
}

describe("the console's password policy and the reference platform's", () => {
  it('agrees with the reference platform on every candidate (accept or refuse)', () => {
    let accepted = 0;
    for (const word of candidates()) {
      expect(passwordProblem(word) === null, JSON.stringify(word)).toBe(platformRule(word) === null);
      if (passwordProblem(word) === null) accepted += 1;
    }
    // The candidates exercise both answers, or the agreement above would prove little.
    expect(accepted).toBeGreaterThan(10);
  });
});
