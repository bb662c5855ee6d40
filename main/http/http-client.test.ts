import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient } from './http-client';
import { retryAfterSeconds, serverWords, transportError } from './http-errors';

const servers: http.Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

async function listen(handler: http.RequestListener, port = 0): Promise<number> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

describe('HttpClient', () => {
  it('survives a server restart between two requests (a stale kept-alive socket is retried once)', async () => {
    let generation = 1;
    const handler: http.RequestListener = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ generation }));
    };
    const port = await listen(handler);
    const client = new HttpClient({
      baseUrl: `http://127.0.0.1:${port}`,
      caFile: null,
      describe: 'the test server',
    });
    expect((await client.request({ method: 'GET', path: '/' })).body).toEqual({ generation: 1 });

    // Restart on the same port: the client's pooled socket is now dead.
    const old = servers.pop();
    old?.closeAllConnections();
    await new Promise<void>((resolve) => old?.close(() => resolve()));
    generation = 2;
    await listen(handler, port);
    expect((await client.request({ method: 'GET', path: '/' })).body).toEqual({ generation: 2 });
    client.close();
  });

  it('reports a malformed body instead of passing it on, and keeps the status', async () => {
    const port = await listen((_request, response) => response.writeHead(200).end('{"items": [1, 2'));
    const client = new HttpClient({ baseUrl: `http://127.0.0.1:${port}`, caFile: null, describe: 'x' });
    expect(await client.request({ method: 'GET', path: '/' })).toMatchObject({
      status: 200,
      malformed: true,
      body: undefined,
    });
    client.close();
  });

  it('parses UTF-8 bodies, and keeps the bytes, in a buffer of their own, only when asked', async () => {
    const sent = JSON.stringify({ name: 'Zoë ✓', tiny: true });
    const port = await listen((_request, response) =>
      response.writeHead(200, { 'content-type': 'application/json' }).end(sent),
    );
    const client = new HttpClient({ baseUrl: `http://127.0.0.1:${port}`, caFile: null, describe: 'x' });
    const plain = await client.request({ method: 'GET', path: '/' });
    expect(plain.body).toEqual({ name: 'Zoë ✓', tiny: true });
    expect(plain.bytes).toBeUndefined();
    const kept = await client.request({ method: 'GET', path: '/', keepBytes: true });
    expect(kept.body).toEqual(plain.body);
    expect(Buffer.from(kept.bytes ?? []).toString('utf8')).toBe(sent);
    // A small body may come from Node's shared pool: what is kept must be safe to transfer.
    expect(kept.bytes?.byteOffset).toBe(0);
    expect(kept.bytes?.byteLength).toBe(kept.bytes?.buffer.byteLength);
    client.close();
  });

  it('does not follow redirects (credentials could travel elsewhere)', async () => {
    const port = await listen((_request, response) =>
      response.writeHead(302, { location: 'http://example.org/' }).end(),
    );
    const client = new HttpClient({ baseUrl: `http://127.0.0.1:${port}`, caFile: null, describe: 'x' });
    expect((await client.request({ method: 'GET', path: '/' })).status).toBe(302);
    client.close();
  });

  it('times out with a plain message', async () => {
    const port = await listen(() => undefined);
    const client = new HttpClient({
      baseUrl: `http://127.0.0.1:${port}`,
      caFile: null,
      describe: 'the slow server',
      timeoutMs: 200,
    });
    await expect(client.request({ method: 'GET', path: '/' })).rejects.toMatchObject({
      code: 'OFFLINE',
      message: 'The slow server did not answer within 200 ms.',
      details: { timeout: true },
    });
    client.close();
  });

  it('refuses a CA file that cannot be read or holds no certificate', () => {
    expect(() => new HttpClient({ baseUrl: 'https://x', caFile: '/nonexistent.pem', describe: 'x' })).toThrow(
      /cannot be read/,
    );
    expect(() => new HttpClient({ baseUrl: 'https://x', caFile: '/etc/hostname', describe: 'x' })).toThrow(
      /no PEM certificate/,
    );
  });
});

describe('transport errors', () => {
  it('names certificate problems as TLS_UNTRUSTED and points to the CA file', () => {
    const error = transportError(
      { code: 'SELF_SIGNED_CERT_IN_CHAIN', message: 'self-signed certificate in certificate chain' },
      'the platform API at https://opp',
      1000,
    );
    expect(error.code).toBe('TLS_UNTRUSTED');
    expect(error.message).toMatch(/does not trust the platform API at https:\/\/opp: .*self-signed.*CA file/);
  });

  it('tells unreachable from cut connections', () => {
    expect(transportError({ code: 'ENOTFOUND' }, 'x', 1000).code).toBe('OFFLINE');
    expect(transportError({ code: 'ECONNRESET' }, 'x', 1000)).toMatchObject({
      code: 'UPSTREAM',
      details: { retryable: true },
    });
    expect(transportError({ message: 'socket hang up' }, 'x', 1000).code).toBe('UPSTREAM');
  });

  it('reads Retry-After as seconds or a date, bounded', () => {
    expect(retryAfterSeconds('12')).toBe(12);
    expect(
      retryAfterSeconds(new Date(Date.UTC(2030, 0, 1, 0, 0, 30)).toUTCString(), Date.UTC(2030, 0, 1)),
    ).toBe(30);
    expect(retryAfterSeconds('999999')).toBe(3600);
    expect(retryAfterSeconds('soon')).toBeNull();
    expect(retryAfterSeconds(undefined)).toBeNull();
  });

  it("keeps an untrusted server's words short and printable", () => {
    expect(serverWords({ detail: 'Role not found\u001b[31m\n' })).toBe('Role not found [31m');
    expect(serverWords({ error: 'x'.repeat(500) })?.length).toBe(200);
    expect(serverWords({ detail: [{ loc: ['body'] }] })).toBeNull();
  });
});
