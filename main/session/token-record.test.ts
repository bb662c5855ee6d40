import { describe, expect, it } from 'vitest';
import { jwtExpiry, keychainAccounts, parseTokenRecord } from './token-record';
import { refreshMargin, warningLead } from './live-session';

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('token records', () => {
  it('reads exp from a JWT without its key', () => {
    expect(jwtExpiry(`${b64({ alg: 'HS256' })}.${b64({ exp: 1_800_000_000 })}.sig`)).toBe(1_800_000_000_000);
    expect(jwtExpiry('opaque-token')).toBeNull();
    expect(jwtExpiry(`${b64({})}.${b64({ exp: 'soon' })}.sig`)).toBeNull();
  });

  it('ignores a damaged or foreign keychain entry', () => {
    expect(parseTokenRecord(null)).toBeNull();
    expect(parseTokenRecord('{"v":2}')).toBeNull();
    expect(parseTokenRecord('not json')).toBeNull();
  });

  it('keeps each data folder to its own keychain accounts', () => {
    const a = keychainAccounts('/home/ann/.config/OPP Console');
    const b = keychainAccounts('/media/usb/opp-portable');
    expect(a.session('prod')).not.toBe(b.session('prod'));
    expect(a.ours(b.session('prod'))).toBe(false);
    expect(a.ofEnvironment('prod')(a.monitoring('prod', 'prometheus'))).toBe(true);
    expect(a.ofEnvironment('prod')(a.session('prod-eu'))).toBe(false);
  });

  it('refreshes a 30-minute token a minute early and a 3-second one with a second to spare', () => {
    expect(refreshMargin(30 * 60_000)).toBe(60_000);
    expect(refreshMargin(3_000)).toBe(1_000);
    expect(warningLead(30 * 60_000)).toBe(180_000);
    expect(warningLead(8_000)).toBe(2_000);
  });
});
