import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  /** Query string and form body together, as Prometheus reads them. */
  params: URLSearchParams;
  /** The client went away before the answer was sent (a cancelled query). */
  aborted: boolean;
}

export interface RecordingProxy {
  url: string;
  requests: RecordedRequest[];
  /** Holds requests to this path prefix for this long before forwarding them. */
  delay(pathPrefix: string | null, ms?: number): void;
  stop(): Promise<void>;
}

/**
 * A small HTTP proxy in front of Prometheus that records what the console asked for (so a test
 * can check the step and the number of points requested) and can hold requests (so a test can
 * supersede one). When Prometheus is gone it answers 502 with a text body, like a gateway.
 */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const requests: RecordedRequest[] = [];
  let held: { prefix: string; ms: number } | null = null;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', upstream);
      const params = new URLSearchParams(url.search);
      if ((req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
        for (const [name, value] of new URLSearchParams(body.toString('utf8'))) params.append(name, value);
      }
      const record: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        params,
        aborted: false,
      };
      requests.push(record);
      res.on('close', () => {
        if (!res.writableFinished) record.aborted = true;
      });
      const forward = (): void => {
        if (res.destroyed) return;
        const outgoing = http.request(
          url,
          { method: req.method, headers: { ...req.headers, host: upstream.host } },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        outgoing.on('error', () => {
          if (res.headersSent) {
            res.destroy();
            return;
          }
          res.writeHead(502, { 'content-type': 'text/plain' });
          res.end('Bad Gateway');
        });
        res.on('close', () => outgoing.destroy());
        outgoing.end(body);
      };
      if (held !== null && url.pathname.startsWith(held.prefix)) setTimeout(forward, held.ms);
      else forward();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    delay(pathPrefix, ms = 0) {
      held = pathPrefix === null ? null : { prefix: pathPrefix, ms };
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
