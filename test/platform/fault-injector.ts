import type { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { NO_FAULTS, formatFaultSpec, normalizeFaults } from './fault-spec';
import type { FaultSpec, NormalizedFaults } from './fault-spec';
import { Prng } from './prng';

export type FaultName = 'latency' | 'burst429' | 'error500' | 'reset' | 'malformed';

export interface InjectedAnswer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, string>;
}

/**
 * Applies the current fault spec to API routes. Health pages, /metrics and /__test are left
 * alone so a test can always observe and steer the server. Which requests fail is decided by a
 * seeded generator, restarted at every `set`, so a run is reproducible.
 */
export class FaultInjector {
  private faults: NormalizedFaults = NO_FAULTS;
  private rng = new Prng(NO_FAULTS.seed);
  private seen = 0;
  private readonly faulted = new WeakSet<FastifyRequest>();

  constructor(
    private readonly legacy: boolean,
    private readonly onTamper: (id: number) => void,
  ) {}

  set(input: string | FaultSpec): NormalizedFaults {
    this.faults = normalizeFaults(input);
    this.rng = new Prng(this.faults.seed);
    this.seen = 0;
    for (const id of this.faults.tamper) this.onTamper(id);
    return this.faults;
  }

  describe(): string {
    const f = this.faults;
    return formatFaultSpec({
      ...(f.error500 > 0 ? { error500: f.error500 } : {}),
      ...(f.burst429 === null
        ? {}
        : {
            burst429: {
              count: f.burst429.count,
              retryAfterSeconds: f.burst429.retryAfterSeconds,
              ...(f.burst429.every === null ? {} : { every: f.burst429.every }),
            },
          }),
      ...(f.latency === null ? {} : { latencyMs: f.latency }),
      ...(f.reset > 0 ? { reset: f.reset } : {}),
      ...(f.malformed > 0 ? { malformed: f.malformed } : {}),
      ...(f.tamper.length > 0 ? { tamper: f.tamper } : {}),
      ...(f.seed !== NO_FAULTS.seed ? { seed: f.seed } : {}),
      ...(f.path === null ? {} : { path: f.path }),
    });
  }

  private eligible(request: FastifyRequest): boolean {
    const path = request.url.split('?')[0] ?? '';
    if (!path.startsWith('/api/') || path.startsWith('/api/v1/health')) return false;
    return this.faults.path === null || path.startsWith(this.faults.path);
  }

  private mark(request: FastifyRequest, reply: FastifyReply, name: FaultName): void {
    this.faulted.add(request);
    reply.header('x-opp-fault', name);
  }

  private errorBody(detail: string): Record<string, string> {
    return this.legacy ? { error: detail } : { detail };
  }

  /**
   * Runs before the handler: latency, then a 429 burst, then an injected 500 (so a failed
   * request changed nothing). Returns the answer to send instead, or null to go on.
   */
  async beforeHandler(request: FastifyRequest, reply: FastifyReply): Promise<InjectedAnswer | null> {
    if (!this.eligible(request)) return null;
    const f = this.faults;
    this.seen += 1;
    if (f.latency !== null) {
      const ms = f.latency.min + Math.floor(this.rng.next() * (f.latency.max - f.latency.min + 1));
      if (ms > 0) await sleep(ms);
    }
    if (f.burst429 !== null) {
      const { count, retryAfterSeconds, every } = f.burst429;
      const position = every === null ? this.seen - 1 : (this.seen - 1) % every;
      if (position < count) {
        this.mark(request, reply, 'burst429');
        return {
          status: 429,
          headers: { 'retry-after': String(retryAfterSeconds) },
          body: this.errorBody('Too many requests'),
        };
      }
    }
    if (f.error500 > 0 && this.rng.next() < f.error500) {
      this.mark(request, reply, 'error500');
      return { status: 500, headers: {}, body: { detail: 'Internal Server Error' } };
    }
    return null;
  }

  /** Runs on the serialised answer: cut it off mid-body, or mangle its JSON. */
  onSend(request: FastifyRequest, reply: FastifyReply, payload: unknown): unknown {
    if (typeof payload !== 'string' || payload.length < 2) return payload;
    if (this.faulted.has(request) || !this.eligible(request)) return payload;
    const f = this.faults;
    if (f.reset > 0 && this.rng.next() < f.reset) {
      this.mark(request, reply, 'reset');
      reply.header('content-length', String(Buffer.byteLength(payload)));
      return truncatedStream(payload.slice(0, Math.floor(payload.length / 2)));
    }
    if (f.malformed > 0 && this.rng.next() < f.malformed) {
      this.mark(request, reply, 'malformed');
      return `${payload.slice(0, Math.ceil(payload.length * 0.6))}<!-- upstream error -->`;
    }
    return payload;
  }
}

/**
 * Sends part of the body and then fails: Fastify destroys the socket when a body stream errors
 * after the headers went out, so the client sees the connection drop mid-body. The short delay
 * lets the first part reach the socket before it is torn down.
 */
function truncatedStream(part: string): Readable {
  const stream = new Readable({ read() {} });
  stream.push(part);
  setTimeout(() => stream.destroy(new Error('injected connection reset')), 25).unref();
  return stream;
}
