import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileLogger, rotateLogFiles } from './logger';
import { redactForLog, redactText } from './redact';

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZG1pbiIsInVzZXJfaWQiOjEsInR5cGUiOiJhY2Nlc3MifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

describe('redactText', () => {
  it('removes a bearer token from an Authorization header written as text', () => {
    const line = redactText('GET /api/v1/users Authorization: Bearer abc.DEF-123_opaque');
    expect(line).not.toContain('abc.DEF-123_opaque');
    expect(line).toContain('Bearer [redacted]');
  });

  it('removes a JWT wherever it stands', () => {
    const line = redactText(`token was ${JWT}, then retried`);
    expect(line).not.toContain(JWT.split('.')[1]);
    expect(line).toContain('[redacted-jwt]');
  });

  it('removes password and token assignments in free text and JSON', () => {
    const line = redactText(
      'login failed password=Hunter2!! body {"refresh_token":"r-123","username":"bob"}',
    );
    expect(line).not.toContain('Hunter2');
    expect(line).not.toContain('r-123');
    expect(line).toContain('bob');
  });

  it('removes a password from a URL', () => {
    expect(redactText('proxy https://bob:pa55@proxy.local:3128')).toBe(
      'proxy https://bob:[redacted]@proxy.local:3128',
    );
  });
});

describe('redactForLog', () => {
  it('replaces secret-named fields at any depth and leaves the rest alone', () => {
    const input = {
      env: 'prod',
      request: { headers: { Authorization: `Bearer ${JWT}`, Accept: 'application/json' } },
      body: { username: 'alice', password: 'S3cret!pass', new_password: 'x' },
      tokens: [{ access_token: 'a', refresh_token: 'b' }],
    };
    const out = JSON.stringify(redactForLog(input));
    for (const secret of [JWT, 'S3cret!pass', '"a"', '"b"']) expect(out).not.toContain(secret);
    expect(out).toContain('alice');
    expect(out).toContain('application/json');
    // The caller's object is untouched.
    expect(input.body.password).toBe('S3cret!pass');
  });

  it('scrubs error messages and stacks and survives cycles', () => {
    const error = new Error(`request failed with Bearer ${JWT}`);
    const cyclic: Record<string, unknown> = { error };
    cyclic['self'] = cyclic;
    const out = JSON.stringify(redactForLog(cyclic));
    expect(out).not.toContain(JWT);
    expect(out).toContain('[circular]');
  });
});

describe('file logger', () => {
  const folders: string[] = [];
  afterEach(() => {
    for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
  });

  it('never writes a token or a password to the log file', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'opp-log-'));
    folders.push(folder);
    const log = createFileLogger({ logFolder: folder, logId: `t-${Date.now()}` });
    log.info(`signed in, got ${JWT}`);
    log.warn('request', { headers: { authorization: 'Bearer opaque-token-1' }, password: 'pw-1' });
    log.error('failed', { error: new Error('Authorization: Bearer opaque-token-2') });
    const text = fs.readFileSync(path.join(folder, 'main.log'), 'utf8');
    expect(text).toContain('signed in');
    for (const secret of [JWT, 'opaque-token-1', 'opaque-token-2', 'pw-1'])
      expect(text).not.toContain(secret);
  });

  it('rotates files and keeps only the newest few', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'opp-rot-'));
    folders.push(folder);
    const current = path.join(folder, 'main.log');
    for (let round = 1; round <= 5; round += 1) {
      fs.writeFileSync(current, `round ${round}`);
      rotateLogFiles(current, 3);
    }
    expect(fs.readdirSync(folder).sort()).toEqual(['main.1.log', 'main.2.log', 'main.3.log']);
    expect(fs.readFileSync(path.join(folder, 'main.1.log'), 'utf8')).toBe('round 5');
    expect(fs.readFileSync(path.join(folder, 'main.3.log'), 'utf8')).toBe('round 3');
  });
});
