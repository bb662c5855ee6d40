import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';

export interface TlsServer {
  url: string;
  caFile: string;
  stop(): Promise<void>;
}

/**
 * An HTTPS server on loopback with a certificate from a throwaway CA (made with Debian's
 * openssl), answering like an OPP health page: for checking what the console does with a
 * certificate it does not trust, and with the CA file that makes it trusted.
 */
export async function startTlsServer(): Promise<TlsServer> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'opp-tls-'));
  const file = (name: string): string => path.join(folder, name);
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { stdio: 'pipe' });
  };
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=OPP Test CA',
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.pem'),
  );
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    file('server.key'),
    '-out',
    file('server.csr'),
  );
  fs.writeFileSync(file('ext.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  openssl(
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    file('ext.cnf'),
    '-out',
    file('server.pem'),
  );

  const server = https.createServer(
    { key: fs.readFileSync(file('server.key')), cert: fs.readFileSync(file('server.pem')) },
    (request, response) => {
      response.writeHead(request.url === '/api/v1/health' ? 200 : 404, {
        'content-type': 'application/json',
      });
      response.end(JSON.stringify({ status: 'healthy', version: '4.0.0-tls', service: 'opp' }));
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    url: `https://127.0.0.1:${address.port}`,
    caFile: file('ca.pem'),
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(folder, { recursive: true, force: true });
    },
  };
}
