import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeServices, type ComposedServices } from '../../main/compose';
import { HEADER_ONLY_CSP } from '../../main/electron/app-protocol';
import { createFileLogger } from '../../main/log/logger';
import type { PushEventName, PushEventPayload } from '../../shared/ipc/push-events';
import { loadKeytar } from '../../main/secrets/load-keytar';
import { contentType, findStaticFile, injectBridge } from './static-files';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface HarnessOptions {
  port?: number;
  /** Main's data folder; a fresh temp folder when absent (removed on stop). */
  dataDir?: string;
  rendererDir?: string;
  bridgeFile?: string;
  /** Print log lines to stderr too. */
  verbose?: boolean;
  /** false: keep sessions in memory, as on a machine without a keychain. */
  keychain?: boolean;
}

export interface RunningHarness {
  url: string;
  dataDir: string;
  logFolder: string;
  services: ComposedServices;
  /** Folders the renderer asked to open (the harness has no file manager). */
  openedFolders: string[];
  /**
   * Answers for the next file dialogs, in order: a path, or null for "cancelled". An empty
   * queue answers null, as if the administrator cancelled.
   */
  dialogAnswers: (string | null)[];
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

/**
 * Starts main's services without Electron, serves the built renderer, and answers
 * `window.opp` calls over loopback HTTP through the same dispatcher the IPC adapter uses.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<RunningHarness> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'opp-harness-'));
  fs.mkdirSync(dataDir, { recursive: true });
  const logFolder = path.join(dataDir, 'logs');
  const rendererDir = options.rendererDir ?? path.join(projectRoot, 'out/renderer');
  const bridgeFile = options.bridgeFile ?? path.join(projectRoot, 'out/harness/bridge.js');
  for (const needed of [path.join(rendererDir, 'index.html'), bridgeFile]) {
    if (!fs.existsSync(needed)) throw new Error(`${needed} is missing: run \`npm run build\` first.`);
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
    productName: string;
    version: string;
  };
  const key = randomBytes(24).toString('hex');
  const log = createFileLogger({
    logFolder,
    console: options.verbose === true,
    logId: `harness-${key.slice(0, 8)}`,
  });
  const openedFolders: string[] = [];
  const eventStreams = new Set<http.ServerResponse>();

  const dialogAnswers: (string | null)[] = [];
  const nextDialogAnswer = (): Promise<string | null> => Promise.resolve(dialogAnswers.shift() ?? null);
  const services = await composeServices({
    facts: {
      name: pkg.productName,
      version: pkg.version,
      electronVersion: null,
      dataFolder: dataDir,
      logFolder,
    },
    log,
    openFolder: (folder) => {
      openedFolders.push(folder);
      log.info('harness: asked to open a folder', { folder });
      return Promise.resolve();
    },
    push: <E extends PushEventName>(name: E, payload: PushEventPayload<E>) => {
      const frame = `data: ${JSON.stringify({ name, payload })}\n\n`;
      for (const stream of eventStreams) stream.write(frame);
    },
    dialogs: { chooseSaveFile: nextDialogAnswer, chooseOpenFile: nextDialogAnswer },
    // The real keychain where a Secret Service answers (npm test starts one); memory otherwise.
    loadKeychain: async () => (options.keychain === false ? null : loadKeytar()),
  });

  const handle = async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://harness');
    if (url.pathname.startsWith('/__harness/call/') && request.method === 'POST') {
      if (request.headers['x-opp-harness-key'] !== key)
        return sendJson(response, 403, { error: 'wrong key' });
      let input: unknown;
      try {
        input = (JSON.parse(await readBody(request)) as { input?: unknown }).input;
      } catch {
        return sendJson(response, 400, { error: 'body is not JSON' });
      }
      const name = decodeURIComponent(url.pathname.slice('/__harness/call/'.length));
      return sendJson(response, 200, await services.dispatcher.dispatch(name, input, { transport: 'http' }));
    }
    if (url.pathname === '/__harness/events') {
      if (url.searchParams.get('key') !== key) return sendJson(response, 403, { error: 'wrong key' });
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      response.write(': connected\n\n');
      eventStreams.add(response);
      request.on('close', () => eventStreams.delete(response));
      return;
    }
    if (request.method !== 'GET') return sendJson(response, 405, { error: 'method not allowed' });
    if (url.pathname === '/__harness/bridge.js') {
      response.writeHead(200, { 'content-type': contentType(bridgeFile) });
      response.end(fs.readFileSync(bridgeFile));
      return;
    }
    if (url.pathname === '/' || url.pathname === '/index.html') {
      const html = injectBridge(fs.readFileSync(path.join(rendererDir, 'index.html'), 'utf8'), key);
      response.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy': HEADER_ONLY_CSP,
      });
      response.end(html);
      return;
    }
    const file = await findStaticFile(rendererDir, url.pathname);
    if (file === null) return sendJson(response, 404, { error: 'not found' });
    response.writeHead(200, { 'content-type': contentType(file) });
    response.end(fs.readFileSync(file));
  };

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log.error('harness: request failed', { error });
      if (!response.headersSent) sendJson(response, 500, { error: 'harness failure' });
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('harness: no port');

  return {
    url: `http://127.0.0.1:${address.port}/`,
    dataDir,
    logFolder,
    services,
    openedFolders,
    dialogAnswers,
    async stop() {
      for (const stream of eventStreams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await services.dispose();
      if (ownsDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
