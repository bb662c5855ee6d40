import { describe, expect, it } from 'vitest';
import { OppError } from '../errors';
import { unwrapEnvelope } from './envelope';

describe('unwrapEnvelope', () => {
  it('answers the data of a success, also when a call that answers nothing lost its data key', () => {
    expect(unwrapEnvelope({ ok: true, data: { n: 1 } })).toEqual({ n: 1 });
    expect(unwrapEnvelope({ ok: true, data: undefined })).toBeUndefined();
    expect(unwrapEnvelope({ ok: true })).toBeUndefined();
  });

  it('throws the typed error of a failure, with its code and details', () => {
    const thrown = (() => {
      try {
        unwrapEnvelope({ ok: false, error: { code: 'CONFLICT', message: 'No.', details: { reason: 'x' } } });
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(thrown).toBeInstanceOf(OppError);
    expect(thrown).toMatchObject({ code: 'CONFLICT', message: 'No.', details: { reason: 'x' } });
  });

  it('refuses what is not an envelope', () => {
    for (const raw of [null, 'ok', { ok: 'yes' }, { ok: false, error: { code: 'NOPE', message: '' } }]) {
      expect(() => unwrapEnvelope(raw)).toThrow(/malformed answer/);
    }
  });
});
