import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionReport, EnvironmentView } from '../../shared/domain/environment';
import { startMonitoring, type RunningMonitoring } from '../monitoring/index';
import { startPlatform, type RunningPlatform } from '../platform/index';
import {
  environmentDraft,
  keychainEntries,
  requireKeyring,
  startConsole,
} from '../session/console-under-test';
import { startTlsServer, type TlsServer } from './tls-server';

let platform: RunningPlatform;
let monitoring: RunningMonitoring<'prometheus' | 'alertmanager'>;
let tls: TlsServer;
let gateway: http.Server;
let gatewayUrl = '';

beforeAll(async () => {
  await requireKeyring();
  platform = await startPlatform({});
  monitoring = await startMonitoring({ components: ['prometheus', 'alertmanager'] });
  tls = await startTlsServer();
  // A gateway in front of "Prometheus" that wants basic auth, as the profile allows.
  gateway = http.createServer((request, response) => {
    const expected = `Basic ${Buffer.from('grafana:Gateway-pass-1').toString('base64')}`;
    if (request.headers.authorization !== expected) {
      response.writeHead(401, { 'www-authenticate': 'Basic' }).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ status: 'success', data: { version: '2.42.0' } }));
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  gatewayUrl = `http://127.0.0.1:${(gateway.address() as { port: number }).port}/prom`;
}, 60_000);
afterAll(async () => {
  gateway.closeAllConnections();
  gateway.close();
  await Promise.all([platform.stop(), monitoring.stop(), tls.stop()]);
});

const outcomes = (report: ConnectionReport): Record<string, string> =>
  Object.fromEntries(report.checks.map((check) => [check.target, check.outcome]));

describe('environments', () => {
  it('adds, edits, orders and lists environments, refusing a second of the same name', async () => {
    const app = await startConsole();
    const staging = await app.ok<EnvironmentView>(
      'environments.save',
      environmentDraft(platform.url, 'Staging EU'),
    );
    const prod = await app.ok<EnvironmentView>('environments.save', {
      ...environmentDraft(platform.url, 'Production'),
      isProduction: true,
      colour: 'red',
    });
    expect([staging.id, prod.id]).toEqual(['staging-eu', 'production']);
    const clash = await app.call('environments.save', environmentDraft(platform.url, 'staging eu'));
    expect(clash).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    await app.ok('environments.reorder', { ids: ['production', 'staging-eu'] });
    const listed = await app.ok<EnvironmentView[]>('environments.list');
    expect(listed.map((e) => [e.id, e.position, e.isProduction])).toEqual([
      ['production', 0, true],
      ['staging-eu', 1, false],
    ]);
    const stale = await app.call('environments.reorder', { ids: ['production'] });
    expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    const renamed = await app.ok<EnvironmentView>('environments.save', {
      ...environmentDraft(platform.url, 'Staging (EU)'),
      id: 'staging-eu',
    });
    expect(renamed).toMatchObject({ id: 'staging-eu', name: 'Staging (EU)', position: 1 });
    await app.stop();
  });

  it('keeps monitoring secrets in the keychain: stored, kept when untouched, removed when asked', async () => {
    const app = await startConsole();
    const draft = {
      ...environmentDraft(platform.url),
      prometheus: { url: gatewayUrl, auth: 'basic', username: 'grafana', secret: 'Gateway-pass-1' },
    };
    const saved = await app.ok<EnvironmentView>('environments.save', draft);
    expect(saved.prometheus).toEqual({
      url: gatewayUrl,
      auth: 'basic',
      username: 'grafana',
      hasSecret: true,
    });
    expect(JSON.stringify(saved)).not.toContain('Gateway-pass-1');
    expect((await keychainEntries(app.dataFolder)).map((e) => e.password)).toEqual(['Gateway-pass-1']);
    // The secret is nowhere in the database file.
    expect(fs.readFileSync(path.join(app.dataFolder, 'console.sqlite')).toString('latin1')).not.toContain(
      'Gateway-pass-1',
    );

    const untouched = {
      ...draft,
      id: saved.id,
      prometheus: { url: gatewayUrl, auth: 'basic', username: 'grafana' },
    };
    expect((await app.ok<EnvironmentView>('environments.save', untouched)).prometheus?.hasSecret).toBe(true);
    expect(outcomes(await app.ok('environments.testConnection', untouched))).toEqual({
      api: 'ok',
      prometheus: 'ok',
    });

    const removed = { ...untouched, prometheus: { ...untouched.prometheus, secret: null } };
    expect((await app.ok<EnvironmentView>('environments.save', removed)).prometheus?.hasSecret).toBe(false);
    expect(await keychainEntries(app.dataFolder)).toEqual([]);
    expect(outcomes(await app.ok('environments.testConnection', removed))).toEqual({
      api: 'ok',
      prometheus: 'auth',
    });
    await app.stop();
  });

  it('tests each server on its own: reachable, the wrong kind, unreachable, untrusted, trusted through a CA file', async () => {
    const app = await startConsole();
    const closedPort = `http://127.0.0.1:${platform.port + 0}`;
    await platform.stop().catch(() => undefined);
    const report = await app.ok<ConnectionReport>('environments.testConnection', {
      ...environmentDraft(closedPort),
      prometheus: { url: monitoring.prometheusUrl, auth: 'none' },
      alertmanager: { url: monitoring.prometheusUrl, auth: 'none' },
    });
    expect(outcomes(report)).toEqual({ api: 'unreachable', prometheus: 'ok', alertmanager: 'wrong_server' });
    expect(report.checks.find((c) => c.target === 'prometheus')?.message).toMatch(/^Prometheus \d/);
    platform = await startPlatform({});

    const amOk = await app.ok<ConnectionReport>('environments.testConnection', {
      ...environmentDraft(platform.url),
      alertmanager: { url: monitoring.alertmanagerUrl, auth: 'none' },
    });
    expect(outcomes(amOk)).toEqual({ api: 'ok', alertmanager: 'ok' });

    const untrusted = await app.ok<ConnectionReport>(
      'environments.testConnection',
      environmentDraft(tls.url),
    );
    expect(untrusted.checks[0]).toMatchObject({ outcome: 'tls' });
    expect(untrusted.checks[0]?.message).toMatch(/does not trust .* authority .* CA file/);
    const trusted = await app.ok<ConnectionReport>('environments.testConnection', {
      ...environmentDraft(tls.url),
      caFile: tls.caFile,
    });
    expect(trusted.checks[0]).toMatchObject({ outcome: 'ok', message: 'OPP 4.0.0-tls, healthy' });

    const missingCa = await app.call('environments.save', {
      ...environmentDraft(tls.url),
      caFile: '/nonexistent/ca.pem',
    });
    expect(missingCa).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { issues: [{ path: 'caFile' }] } },
    });
    await app.stop();
  });

  it('exports without secrets and imports, skipping names that exist', async () => {
    const app = await startConsole();
    await app.ok('environments.save', {
      ...environmentDraft(platform.url, 'Staging'),
      prometheus: { url: gatewayUrl, auth: 'bearer', secret: 'bearer-secret-1' },
    });
    await app.ok('environments.save', {
      ...environmentDraft(platform.url, 'Production'),
      isProduction: true,
    });
    const file = path.join(app.dataFolder, 'export.json');
    app.dialogAnswers.push(file);
    expect(await app.ok('environments.export')).toEqual({ file, count: 2 });
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain('bearer-secret-1');
    expect(JSON.parse(text)).toMatchObject({ format: 'opp-console-environments', version: 1 });

    const other = await startConsole();
    await other.ok('environments.save', environmentDraft(platform.url, 'production'));
    other.dialogAnswers.push(file);
    const report = await other.ok('environments.import');
    expect(report).toEqual({
      file,
      added: ['Staging'],
      skipped: [{ name: 'Production', reason: 'An environment with this name exists already.' }],
    });
    const imported = (await other.ok<EnvironmentView[]>('environments.list')).find(
      (e) => e.name === 'Staging',
    );
    expect(imported?.prometheus).toEqual({ url: gatewayUrl, auth: 'bearer', hasSecret: false });

    expect(await other.ok('environments.import')).toEqual({ file: null, added: [], skipped: [] });
    const junk = path.join(other.dataFolder, 'junk.json');
    fs.writeFileSync(junk, '{"format":"something-else"}');
    other.dialogAnswers.push(junk);
    expect(await other.call('environments.import')).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    await Promise.all([app.stop(), other.stop()]);
  });

  it('deleting an environment signs out, and removes its keychain entries and cache files', async () => {
    const app = await startConsole();
    await app.ok('environments.save', {
      ...environmentDraft(platform.url),
      prometheus: { url: gatewayUrl, auth: 'bearer', secret: 'bearer-secret-2' },
    });
    await app.ok('environments.save', environmentDraft(platform.url, 'Other'));
    await app.ok('session.signIn', {
      environmentId: 'local',
      username: 'admin',
      password: platform.password,
    });
    await app.ok('session.signIn', {
      environmentId: 'other',
      username: 'alice',
      password: platform.password,
    });
    const cache = path.join(app.dataFolder, 'cache');
    fs.mkdirSync(cache, { recursive: true });
    for (const name of [
      'local.sqlite',
      'local.sqlite-wal',
      'local.sqlite-shm',
      'local.health.sqlite',
      'local.health.sqlite-wal',
      'other.sqlite',
      'other.health.sqlite',
      // Another environment whose id starts with this one's: never touched.
      'local-2.health.sqlite',
    ])
      fs.writeFileSync(path.join(cache, name), 'x');
    expect(await keychainEntries(app.dataFolder)).toHaveLength(3);

    await app.ok('environments.delete', { id: 'local' });
    expect((await app.ok<EnvironmentView[]>('environments.list')).map((e) => e.id)).toEqual(['other']);
    expect((await app.ok<{ environmentId: string }[]>('session.list')).map((s) => s.environmentId)).toEqual([
      'other',
    ]);
    expect((await keychainEntries(app.dataFolder)).map((e) => e.account.split('/')[1])).toEqual(['other']);
    // Every file of the deleted environment is gone; those of others (a signed-in one's
    // cache may have grown -wal/-shm files meanwhile) and of a look-alike id stay.
    const left = fs.readdirSync(cache);
    expect(left.filter((file) => file.startsWith('local.'))).toEqual([]);
    expect(left).toEqual(
      expect.arrayContaining(['local-2.health.sqlite', 'other.health.sqlite', 'other.sqlite']),
    );
    await app.stop();
  });
});
