import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import axios, { type AxiosInstance } from 'axios';
import { OppError } from '../../shared/errors';
import { bodyText } from './body-text';
import { transportError } from './http-errors';

export interface HttpTargetOptions {
  /** Base URL, possibly with a path prefix (`https://gw.example/prometheus`). */
  baseUrl: string;
  /** A PEM file of extra CAs trusted for this target, besides the system's. */
  caFile: string | null;
  /** Words for messages: "the platform API at https://…". */
  describe: string;
  timeoutMs?: number;
  /** Added to every request (basic or bearer auth of a monitoring gateway). */
  headers?: Record<string, string>;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined | null | string[]>;
  body?: unknown;
  /** Sent as application/x-www-form-urlencoded instead of a JSON body (Prometheus' POST queries). */
  form?: Record<string, string>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Keep the body's bytes in the answer (`bytes`), besides parsing them. */
  keepBytes?: boolean;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | undefined>;
  /** The parsed JSON body; undefined when empty or not JSON (see `malformed`). */
  body: unknown;
  /** True when a non-empty body was not valid JSON. */
  malformed: boolean;
  /**
   * The body as received, when the request asked for it (`keepBytes`): a buffer of its own,
   * which the audit sync hands to its write thread rather than a copy of the parsed value.
   */
  bytes?: Uint8Array;
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;
/** Dead kept-alive sockets tried before a request is reported as cut. */
const MAX_STALE_RETRIES = 8;

/** Reads a CA file into the trust list: the system's roots plus the file's certificates. */
export function trustedCas(caFile: string | null): string[] | undefined {
  if (caFile === null) return undefined;
  let pem: string;
  try {
    pem = fs.readFileSync(caFile, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'unreadable';
    throw new OppError('VALIDATION', `The CA certificate file ${caFile} cannot be read (${code}).`, {
      issues: [{ path: 'caFile', message: `Cannot read this file (${code}).` }],
    });
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new OppError('VALIDATION', `The CA certificate file ${caFile} holds no PEM certificate.`, {
      issues: [{ path: 'caFile', message: 'This file holds no PEM certificate.' }],
    });
  }
  return [...tls.rootCertificates, pem];
}

/**
 * HTTP to one server. Certificates are always verified (a CA file adds trust, nothing removes
 * it), redirects are not followed (an API that redirects is misconfigured, and a redirect could
 * carry credentials elsewhere), bodies are read as text and parsed here so a malformed answer
 * is reported rather than passed on, and every transport failure becomes a typed error.
 */
export class HttpClient {
  private readonly http: AxiosInstance;
  private readonly timeoutMs: number;

  constructor(private readonly options: HttpTargetOptions) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
    const ca = trustedCas(options.caFile);
    this.http = axios.create({
      baseURL: options.baseUrl.replace(/\/+$/, ''),
      timeout: this.timeoutMs,
      maxRedirects: 0,
      maxContentLength: MAX_BODY_BYTES,
      maxBodyLength: MAX_BODY_BYTES,
      // Bytes, decoded here (bodyText): axios would decode every body as UTF-8.
      responseType: 'arraybuffer',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      // Own agents, so close() ends exactly this client's idle connections.
      httpAgent: new http.Agent({ keepAlive: true }),
      httpsAgent: new https.Agent({ keepAlive: true, ...(ca === undefined ? {} : { ca }) }),
      headers: { Accept: 'application/json', ...options.headers },
    });
  }

  get describe(): string {
    return this.options.describe;
  }

  async request(request: HttpRequest): Promise<HttpAnswer> {
    // A kept-alive connection the server has closed (it restarted, or timed the socket out)
    // fails at once with ECONNRESET before the server saw the request: Node's documentation
    // recommends a retry on a fresh connection for exactly this case. The pool may hold several
    // such sockets (after parallel requests), each dropped as it fails, so the retry repeats.
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.send(request);
      } catch (error) {
        if (!wasStaleConnection(error)) throw error;
        if (attempt >= MAX_STALE_RETRIES) {
          throw transportError(error, this.options.describe, request.timeoutMs ?? this.timeoutMs);
        }
      }
    }
  }

  private async send(request: HttpRequest): Promise<HttpAnswer> {
    let response;
    try {
      response = await this.http.request<string>({
        method: request.method,
        url: request.path,
        params: request.query,
        paramsSerializer: { indexes: null },
        data:
          request.form !== undefined
            ? new URLSearchParams(request.form).toString()
            : request.body === undefined
              ? undefined
              : JSON.stringify(request.body),
        headers: {
          ...(request.form !== undefined
            ? { 'Content-Type': 'application/x-www-form-urlencoded' }
            : request.body === undefined
              ? {}
              : { 'Content-Type': 'application/json' }),
          ...request.headers,
        },
        signal: request.signal,
        timeout: request.timeoutMs ?? this.timeoutMs,
      });
    } catch (error) {
      if (axios.isCancel(error))
        throw new OppError('UPSTREAM', 'The request was cancelled.', { cancelled: true });
      if (wasStaleConnection(error)) throw error;
      throw transportError(error, this.options.describe, request.timeoutMs ?? this.timeoutMs);
    }
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      headers[name.toLowerCase()] = Array.isArray(value)
        ? value.join(', ')
        : value == null
          ? undefined
          : String(value);
    }
    const bytes = Buffer.isBuffer(response.data) ? response.data : Buffer.alloc(0);
    const kept = request.keepBytes === true ? { bytes: ownBuffer(bytes) } : {};
    const text = bodyText(bytes);
    if (text.trim() === '')
      return { status: response.status, headers, body: undefined, malformed: false, ...kept };
    try {
      return {
        status: response.status,
        headers,
        body: JSON.parse(text) as unknown,
        malformed: false,
        ...kept,
      };
    } catch {
      return { status: response.status, headers, body: undefined, malformed: true, ...kept };
    }
  }

  /** Closes idle keep-alive sockets (on sign-out, delete, quit). */
  close(): void {
    (this.http.defaults.httpAgent as http.Agent | undefined)?.destroy();
    (this.http.defaults.httpsAgent as https.Agent | undefined)?.destroy();
  }
}

/** The bytes in a buffer of their own (a small body may share Node's pool): safe to transfer. */
function ownBuffer(bytes: Buffer): Uint8Array {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) return bytes;
  return new Uint8Array(bytes);
}

/** ECONNRESET on a reused keep-alive socket: the server closed it before this request arrived. */
function wasStaleConnection(error: unknown): boolean {
  const failed = error as { code?: unknown; request?: { reusedSocket?: unknown } } | null;
  return failed?.request?.reusedSocket === true && failed.code === 'ECONNRESET';
}
