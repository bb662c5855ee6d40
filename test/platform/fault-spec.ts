/**
 * The fault grammar (README.md, "Faults"): comma-separated `key=value` items, e.g.
 * `error500=0.2,burst429=3:2,latency=150,reset=0.1,malformed=0.1,tamper=1234,seed=7`.
 */
export interface FaultSpec {
  /** Share of API requests answered 500 before they are processed (0..1). */
  error500?: number;
  /** `count` API requests in a row answered 429 with `Retry-After: retryAfterSeconds`; repeated every `every` requests when given. */
  burst429?: { count: number; retryAfterSeconds: number; every?: number };
  /** Delay added before each API request is handled: a fixed value or a uniform range. */
  latencyMs?: number | { min: number; max: number };
  /** Share of API responses cut off mid-body (the socket is destroyed after part is sent). */
  reset?: number;
  /** Share of API responses whose JSON body is mangled (status and headers kept). */
  malformed?: number;
  /** Audit event ids whose stored content is changed without fixing the hash. */
  tamper?: number[];
  /** Seed of the generator that decides which requests fail: same seed, same sequence. */
  seed?: number;
  /** Only API paths starting with this prefix get faults. */
  path?: string;
}

export interface NormalizedFaults {
  error500: number;
  burst429: { count: number; retryAfterSeconds: number; every: number | null } | null;
  latency: { min: number; max: number } | null;
  reset: number;
  malformed: number;
  tamper: number[];
  seed: number;
  path: string | null;
}

export const DEFAULT_FAULT_SEED = 1;

export const NO_FAULTS: NormalizedFaults = {
  error500: 0,
  burst429: null,
  latency: null,
  reset: 0,
  malformed: 0,
  tamper: [],
  seed: DEFAULT_FAULT_SEED,
  path: null,
};

export class FaultSpecError extends Error {}

function share(key: string, raw: string): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new FaultSpecError(`${key} takes a share between 0 and 1, e.g. ${key}=0.2 (got "${raw}")`);
  }
  return value;
}

function whole(key: string, raw: string, min: number): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < min) {
    throw new FaultSpecError(`${key} takes whole numbers of at least ${min} (got "${raw}")`);
  }
  return value;
}

export function parseFaultSpec(text: string): FaultSpec {
  const spec: FaultSpec = {};
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === 'none') return spec;
  for (const item of trimmed.split(',')) {
    const eq = item.indexOf('=');
    const key = (eq < 0 ? item : item.slice(0, eq)).trim();
    const value = eq < 0 ? '' : item.slice(eq + 1).trim();
    switch (key) {
      case 'error500':
      case 'reset':
      case 'malformed':
        spec[key] = share(key, value);
        break;
      case 'burst429': {
        const parts = value.split(':');
        if (parts.length < 2 || parts.length > 3) {
          throw new FaultSpecError(
            `burst429 takes COUNT:RETRY_AFTER_SECONDS[:EVERY], e.g. burst429=3:2 (got "${value}")`,
          );
        }
        const [count = '', retry = '', every] = parts;
        spec.burst429 = {
          count: whole('burst429', count, 1),
          retryAfterSeconds: whole('burst429', retry, 0),
          ...(every === undefined ? {} : { every: whole('burst429', every, 1) }),
        };
        break;
      }
      case 'latency': {
        const [min = '', max] = value.split('-');
        const low = whole('latency', min, 0);
        spec.latencyMs = max === undefined ? low : { min: low, max: whole('latency', max, low) };
        break;
      }
      case 'tamper':
        spec.tamper = [...(spec.tamper ?? []), ...value.split('+').map((id) => whole('tamper', id, 1))];
        break;
      case 'seed':
        spec.seed = whole('seed', value, 0);
        break;
      case 'path':
        if (!value.startsWith('/'))
          throw new FaultSpecError(`path takes a URL path prefix such as /api/v1/users`);
        spec.path = value;
        break;
      default:
        throw new FaultSpecError(
          `Unknown fault "${key}". Known: error500, burst429, latency, reset, malformed, tamper, seed, path`,
        );
    }
  }
  return spec;
}

export function normalizeFaults(input: string | FaultSpec): NormalizedFaults {
  // An object goes through the grammar too, so its numbers are checked by the same rules.
  const spec = parseFaultSpec(typeof input === 'string' ? input : formatFaultSpec(input));
  const latency = spec.latencyMs;
  const burst = spec.burst429;
  return {
    error500: spec.error500 ?? 0,
    burst429: burst === undefined ? null : { ...burst, every: burst.every ?? null },
    latency:
      latency === undefined ? null : typeof latency === 'number' ? { min: latency, max: latency } : latency,
    reset: spec.reset ?? 0,
    malformed: spec.malformed ?? 0,
    tamper: spec.tamper ?? [],
    seed: spec.seed ?? DEFAULT_FAULT_SEED,
    path: spec.path ?? null,
  };
}

/** The spec back in the grammar, e.g. for the CLI banner and `GET /__test/faults`. */
export function formatFaultSpec(spec: FaultSpec): string {
  const items: string[] = [];
  if (spec.error500 !== undefined) items.push(`error500=${spec.error500}`);
  if (spec.burst429 !== undefined) {
    const { count, retryAfterSeconds, every } = spec.burst429;
    items.push(`burst429=${count}:${retryAfterSeconds}${every === undefined ? '' : `:${every}`}`);
  }
  if (spec.latencyMs !== undefined) {
    const l = spec.latencyMs;
    items.push(typeof l === 'number' ? `latency=${l}` : `latency=${l.min}-${l.max}`);
  }
  if (spec.reset !== undefined) items.push(`reset=${spec.reset}`);
  if (spec.malformed !== undefined) items.push(`malformed=${spec.malformed}`);
  if (spec.tamper !== undefined && spec.tamper.length > 0) items.push(`tamper=${spec.tamper.join('+')}`);
  if (spec.seed !== undefined) items.push(`seed=${spec.seed}`);
  if (spec.path !== undefined) items.push(`path=${spec.path}`);
  return items.join(',');
}
