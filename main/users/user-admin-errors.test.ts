import { describe, expect, it } from 'vitest';
import { BUILT_IN_LIMITS } from '../../shared/domain/role';
import { OppError } from '../../shared/errors';
import type { HttpAnswer } from '../http/http-client';
import { redactForLog } from '../log/redact';
import {
  isOffline,
  offlineWrite,
  roleWriteError,
  userWriteError,
  versionMismatch,
} from './user-admin-errors';
import { sampleUser } from './testing/sample-users';

const WHAT = 'the platform API at https://opp.example';
const answer = (status: number, body: unknown): HttpAnswer => ({
  status,
  headers: {},
  body,
  malformed: false,
});

describe('refused user writes', () => {
  it('name the last-admin rule, with the server’s words and what to do', () => {
    const error = userWriteError(
      answer(409, { detail: 'admin is the last active admin; make another admin first', code: 'last_admin' }),
      WHAT,
    );
    expect(error.toPayload()).toEqual({
      code: 'CONFLICT',
      message:
        'This would leave the platform without an active admin (the server said: "admin is the last active admin; make another admin first"). Make another user an active admin first, then try again.',
      details: { reason: 'last_admin' },
    });
  });

  it('say who may delete your account, and what a taken name means', () => {
    expect(
      userWriteError(answer(409, { detail: 'x', code: 'cannot_delete_self' }), WHAT).toPayload(),
    ).toEqual({
      code: 'CONFLICT',
      message: 'You cannot delete your own account. Ask another administrator to do it.',
      details: { reason: 'cannot_delete_self' },
    });
    const taken = userWriteError(
      answer(409, { detail: 'Email "a@b.c" is already in use', code: 'conflict' }),
      WHAT,
    );
    expect(taken.message).toBe(
      'That username or email is already in use (the server said: "Email "a@b.c" is already in use"). Choose another.',
    );
    // An unknown reason keeps the server's code and words.
    expect(userWriteError(answer(409, { detail: 'No.', code: 'novel' }), WHAT).toPayload()).toEqual({
      code: 'CONFLICT',
      message: `${WHAT} refused the change (the server said: "No.").`,
      details: { reason: 'novel' },
    });
  });

  it('leave the other statuses to the platform mapping', () => {
    expect(userWriteError(answer(403, { detail: 'Forbidden' }), WHAT).code).toBe('FORBIDDEN');
    const invalid = userWriteError(
      answer(422, { detail: [{ loc: ['body', 'role'], msg: 'Unknown role "x"', type: 'value_error' }] }),
      WHAT,
    );
    expect(invalid.toPayload()).toMatchObject({
      code: 'VALIDATION',
      details: { issues: [{ path: 'role', message: 'Unknown role "x"' }] },
    });
    expect(userWriteError(answer(429, { detail: 'slow down' }), WHAT).code).toBe('RATE_LIMITED');
  });

  it('control characters from the server never reach the message', () => {
    const error = userWriteError(answer(409, { detail: 'bad\nline\u0007', code: 'conflict' }), WHAT);
    expect(error.message).toContain('bad line');
    expect(error.message).not.toContain('\u0007');
  });
});

describe('refused role writes', () => {
  it('say how many users still hold a role, or that a built-in role stays', () => {
    const inUse = roleWriteError(
      answer(409, { detail: '…', code: 'role_in_use', user_count: 3 }),
      WHAT,
      'support',
    ).toPayload();
    expect(inUse).toEqual({
      code: 'CONFLICT',
      message:
        'The role "support" is still assigned to 3 users. Give them another role first, then delete it.',
      details: { reason: 'role_in_use', userCount: 3 },
    });
    expect(roleWriteError(answer(409, { code: 'role_in_use', user_count: 1 }), WHAT, 'x').message).toMatch(
      /to 1 user\./,
    );
    // A count the server did not send (or sent oddly) is not made up.
    expect(roleWriteError(answer(409, { code: 'role_in_use', user_count: '3' }), WHAT, 'x').message).toMatch(
      /to some users\./,
    );
    expect(roleWriteError(answer(409, { code: 'built_in_role' }), WHAT, 'admin').message).toBe(
      BUILT_IN_LIMITS.deleteOrRename,
    );
    expect(
      roleWriteError(answer(409, { detail: 'A role named "x" already exists', code: 'conflict' }), WHAT, 'x')
        .message,
    ).toMatch(/^A role named "x" already exists .*Choose another name\.$/);
  });
});

describe('version mismatches and offline writes', () => {
  it('carry the current version for the screen to show beside the administrator’s', () => {
    const current = sampleUser(9, { username: 'nina', version: 4 });
    const error = versionMismatch('user', current);
    expect(error.code).toBe('VERSION_MISMATCH');
    expect(error.message).toBe(
      'Someone else changed the user nina first (now version 4). Review their version, then reapply your change or discard it.',
    );
    expect(error.details).toEqual({ current });
  });

  it('an offline write keeps its code and details and says that writes wait', () => {
    const offline = new OppError('OFFLINE', 'The platform API cannot be reached (ECONNREFUSED).', {
      networkCode: 'ECONNREFUSED',
    });
    expect(isOffline(offline)).toBe(true);
    expect(isOffline(new OppError('UPSTREAM', 'x'))).toBe(false);
    expect(offlineWrite(offline).toPayload()).toEqual({
      code: 'OFFLINE',
      message:
        'The platform API cannot be reached (ECONNREFUSED). Users and roles are read-only until the connection is back; nothing was changed.',
      details: { networkCode: 'ECONNREFUSED' },
    });
  });
});

describe('passwords in log lines', () => {
  it('are redacted under every name the users calls use', () => {
    const fields = {
      password: 'Secret-pass-1!',
      newPassword: 'Secret-pass-2!',
      body: { new_password: 'Secret-pass-3!' },
    };
    const logged = JSON.stringify(redactForLog(fields));
    expect(logged).not.toMatch(/Secret-pass/);
  });
});
