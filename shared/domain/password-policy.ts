/**
 * The platform's password policy (platform-api.md §1), defined once for the console: the
 * renderer checks it as the administrator types, main checks it again before sending, and the
 * reference platform's own copy is held to agree with it by a test.
 */
export const PASSWORD_SPECIALS = '!@#$%^&*()_+-=[]{}|;:,.<>?';
export const PASSWORD_MIN_LENGTH = 12;
/** The platform stores at most this many characters; longer is refused rather than cut. */
export const PASSWORD_MAX_LENGTH = 128;

export interface PasswordRule {
  id: 'length' | 'upper' | 'lower' | 'digit' | 'special' | 'max';
  /** What the rule asks, as a checklist line. */
  label: string;
  met: boolean;
}

/** Every rule with whether `password` meets it, in the order a checklist shows them. */
export function passwordRules(password: string): PasswordRule[] {
  return [
    {
      id: 'length',
      label: `At least ${PASSWORD_MIN_LENGTH} characters`,
      met: password.length >= PASSWORD_MIN_LENGTH,
    },
    { id: 'upper', label: 'An upper-case letter (A–Z)', met: /[A-Z]/.test(password) },
    { id: 'lower', label: 'A lower-case letter (a–z)', met: /[a-z]/.test(password) },
    { id: 'digit', label: 'A digit (0–9)', met: /[0-9]/.test(password) },
    {
      id: 'special',
      label: `One of ${PASSWORD_SPECIALS}`,
      met: [...password].some((c) => PASSWORD_SPECIALS.includes(c)),
    },
    {
      id: 'max',
      label: `At most ${PASSWORD_MAX_LENGTH} characters`,
      met: password.length <= PASSWORD_MAX_LENGTH,
    },
  ];
}

/** The first unmet rule as a sentence, or null when the password is acceptable. */
export function passwordProblem(password: string): string | null {
  const unmet = passwordRules(password).find((rule) => !rule.met);
  return unmet === undefined ? null : `The password needs: ${unmet.label.toLowerCase()}.`;
}

const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const DIGITS = '23456789';
// Look-alikes (I, l, O, 0, 1) are left out of the letters and digits: a generated password is
// often read aloud or typed from a screen.
const ALL = UPPER + LOWER + DIGITS + PASSWORD_SPECIALS;

/** The Web Crypto object both Node (19+) and the renderer expose; shared/ has neither's types. */
function webCrypto(): { getRandomValues(bytes: Uint8Array): Uint8Array } {
  return (globalThis as unknown as { crypto: { getRandomValues(bytes: Uint8Array): Uint8Array } }).crypto;
}

/** A uniformly random index below `bound`, by rejection so no character is favoured. */
function randomBelow(bound: number, random: (bytes: Uint8Array) => Uint8Array): number {
  const limit = 256 - (256 % bound);
  const byte = new Uint8Array(1);
  for (;;) {
    const value = random(byte)[0] ?? 0;
    if (value < limit) return value % bound;
  }
}

/**
 * A strong password that meets the policy: `length` characters (default 20, about 120 bits),
 * one of each class at a random place. `random` fills a byte array from a CSPRNG; both the
 * renderer and Node have `crypto.getRandomValues`.
 */
export function generatePassword(
  length = 20,
  random: (bytes: Uint8Array) => Uint8Array = (bytes) => webCrypto().getRandomValues(bytes),
): string {
  const size = Math.max(PASSWORD_MIN_LENGTH, Math.min(PASSWORD_MAX_LENGTH, length));
  const pick = (alphabet: string): string => alphabet[randomBelow(alphabet.length, random)] ?? '';
  const chars = [pick(UPPER), pick(LOWER), pick(DIGITS), pick(PASSWORD_SPECIALS)];
  while (chars.length < size) chars.push(pick(ALL));
  // Fisher–Yates, so the four guaranteed classes are not always at the front.
  for (let i = chars.length - 1; i > 0; i -= 1) {
    const j = randomBelow(i + 1, random);
    [chars[i], chars[j]] = [chars[j] ?? '', chars[i] ?? ''];
  }
  return chars.join('');
}
