import { describe, expect, it } from 'vitest';
import type { Environment } from '../../shared/domain/environment';
import { environmentIdFor, parseEnvironmentFile, serialiseEnvironments } from './environment-transfer';

const staging: Environment = {
  id: 'staging',
  name: 'Staging',
  apiUrl: 'https://staging.example/api',
  prometheus: { url: 'https://staging.example/prometheus', auth: 'basic', username: 'viewer' },
  alertmanager: null,
  caFile: '/etc/opp/ca.pem',
  colour: 'amber',
  isProduction: false,
  position: 3,
};

describe('environment export files', () => {
  it('round-trips what an administrator configured, without ids or positions', () => {
    const text = serialiseEnvironments([staging], new Date('2026-11-27T12:00:00Z'));
    const parsed = parseEnvironmentFile(text);
    expect(parsed.invalid).toEqual([]);
    expect(parsed.valid).toEqual([
      {
        name: 'Staging',
        apiUrl: 'https://staging.example/api',
        prometheus: { url: 'https://staging.example/prometheus', auth: 'basic', username: 'viewer' },
        alertmanager: null,
        caFile: '/etc/opp/ca.pem',
        colour: 'amber',
        isProduction: false,
      },
    ]);
    expect(text).not.toMatch(/"id"|"position"/);
  });

  it('keeps the good entries of a file with bad ones, and names the bad ones', () => {
    const file = JSON.parse(serialiseEnvironments([staging], new Date())) as { environments: unknown[] };
    file.environments.push({ name: 'Broken', apiUrl: 'ftp://nope' }, 42);
    const parsed = parseEnvironmentFile(JSON.stringify(file));
    expect(parsed.valid.map((e) => e.name)).toEqual(['Staging']);
    expect(parsed.invalid.map((e) => e.name)).toEqual(['Broken', 'entry 3']);
  });

  it('refuses files that are not an export', () => {
    expect(() => parseEnvironmentFile('not json')).toThrow(/not JSON/);
    expect(() =>
      parseEnvironmentFile(
        '{"format":"opp-console-environments","version":2,"exportedAt":"x","environments":[]}',
      ),
    ).toThrow(/not an OPP Console environments export/);
  });
});

describe('environment ids', () => {
  it('are slugs of the name, unique', () => {
    expect(environmentIdFor('Production EU (Frankfurt)', new Set())).toBe('production-eu-frankfurt');
    expect(environmentIdFor('Staging', new Set(['staging', 'staging-2']))).toBe('staging-3');
    expect(environmentIdFor('Ölsystem', new Set())).toBe('olsystem');
    expect(environmentIdFor('***', new Set())).toBe('environment');
  });
});
