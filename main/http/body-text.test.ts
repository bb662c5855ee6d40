import { describe, expect, it } from 'vitest';
import { bodyText } from './body-text';

const encode = (text: string) => new TextEncoder().encode(text);

describe('a body’s text', () => {
  it('reads ASCII, UTF-8 and a leading byte-order mark as UTF-8 text', () => {
    expect(bodyText(encode('{"a":"plain"}'))).toBe('{"a":"plain"}');
    expect(bodyText(encode('{"name":"Zoë ✓ 😀"}'))).toBe('{"name":"Zoë ✓ 😀"}');
    expect(bodyText(encode('\uFEFF{"a":1}'))).toBe('{"a":1}');
    expect(bodyText(new Uint8Array(0))).toBe('');
  });

  it('never reads a UTF-8 byte as Latin-1 (the fast way is for ASCII only)', () => {
    // "é" is C3 A9 in UTF-8; as Latin-1 it would read "Ã©".
    expect(bodyText(Buffer.from('café', 'utf8'))).toBe('café');
  });

  it('reads a view into a larger buffer, not the whole buffer', () => {
    const whole = encode('xx{"a":1}yy');
    expect(bodyText(whole.subarray(2, 9))).toBe('{"a":1}');
  });
});
