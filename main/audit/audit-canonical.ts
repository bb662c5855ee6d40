import canonicalize from 'canonicalize';

/**
 * RFC 8785 (JCS) text of an audit event's hashed body, byte for byte what the `canonicalize`
 * package makes, in a fraction of its time. The hash check runs on every event of a sync, and
 * `canonicalize` is general (toJSON, cycles, boxed values): for values as JSON.parse makes them
 * none of that applies, so this path writes them directly and leaves anything else (a missing
 * or extra field, a lone surrogate, a non-finite number, a non-plain object, very deep nesting)
 * to the package, which then answers or throws exactly as before.
 *
 * JCS is ECMAScript's JSON.stringify for strings and numbers, with object keys sorted by UTF-16
 * code units (Array.prototype.sort's default order) and no whitespace.
 */

/** The fields of a §4 event (shared/domain/audit.ts), `hash` and `prev_hash` included. */
export const CONTRACT_FIELDS: ReadonlySet<string> = new Set<string>([
  'id',
  'timestamp',
  'user_id',
  'username',
  'action',
  'resource',
  'resource_id',
  'outcome',
  'ip_address',
  'user_agent',
  'details',
  'session_id',
  'prev_hash',
  'hash',
]);

/** String.prototype.isWellFormed (ES2024, in Node since 20), newer than the project's TypeScript lib. */
const wellFormed = (text: string): boolean => (text as unknown as { isWellFormed(): boolean }).isWellFormed();

/** Nesting this deep in `details` is left to the package (it has no recursion limit). */
const MAX_DEPTH = 64;

/** Answered by the fast path when it cannot vouch for its text. */
const GIVE_UP = undefined;

/**
 * A JSON value as JCS text, or GIVE_UP. Strings must be well formed: `canonicalize` refuses
 * lone surrogates (JSON.stringify would escape them instead).
 */
function valueText(value: unknown, depth: number): string | undefined {
  switch (typeof value) {
    case 'string':
      return wellFormed(value) ? JSON.stringify(value) : GIVE_UP;
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : GIVE_UP;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (depth >= MAX_DEPTH) return GIVE_UP;
      return Array.isArray(value) ? arrayText(value, depth + 1) : objectText(value, depth + 1);
    default:
      return GIVE_UP;
  }
}

function arrayText(array: readonly unknown[], depth: number): string | undefined {
  if (Object.getPrototypeOf(array) !== Array.prototype) return GIVE_UP;
  let text = '[';
  for (let i = 0; i < array.length; i += 1) {
    const item = valueText(array[i], depth);
    if (item === GIVE_UP) return GIVE_UP;
    text += i === 0 ? item : `,${item}`;
  }
  return `${text}]`;
}

/** A plain object's members, keys sorted (JSON.parse makes only plain objects). */
function objectText(object: object, depth: number): string | undefined {
  const proto: unknown = Object.getPrototypeOf(object);
  if (proto !== Object.prototype && proto !== null) return GIVE_UP;
  const record = object as Record<string, unknown>;
  if (typeof record['toJSON'] === 'function') return GIVE_UP;
  const keys = Object.keys(record);
  if (keys.length > 1) keys.sort();
  let text = '{';
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i] as string;
    if (!wellFormed(key)) return GIVE_UP;
    const item = valueText(record[key], depth);
    if (item === GIVE_UP) return GIVE_UP;
    text += `${i === 0 ? '' : ','}${JSON.stringify(key)}:${item}`;
  }
  return `${text}}`;
}

/** A string, number, boolean or null whose JCS text is JSON.stringify's. */
function scalar(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
      return wellFormed(value);
    case 'number':
      return Number.isFinite(value);
    case 'boolean':
      return true;
    default:
      return value === null;
  }
}

/**
 * The contract's shape: the ten scalar fields after `details` go through one JSON.stringify
 * of an object literal written in JCS order (none of their names is an array index, so the
 * literal keeps that order), which is twice as fast as one call per field.
 */
function contractText(e: Record<string, unknown>): string | undefined {
  const { action, id, ip_address, outcome, resource, resource_id, session_id, timestamp } = e;
  const { user_agent, user_id, username } = e;
  if (
    !scalar(action) ||
    !scalar(id) ||
    !scalar(ip_address) ||
    !scalar(outcome) ||
    !scalar(resource) ||
    !scalar(resource_id) ||
    !scalar(session_id) ||
    !scalar(timestamp) ||
    !scalar(user_agent) ||
    !scalar(user_id) ||
    !scalar(username)
  )
    return GIVE_UP;
  const details = valueText(e['details'], 0);
  if (details === GIVE_UP) return GIVE_UP;
  const rest = JSON.stringify({
    id,
    ip_address,
    outcome,
    resource,
    resource_id,
    session_id,
    timestamp,
    user_agent,
    user_id,
    username,
  });
  return `{"action":${JSON.stringify(action)},"details":${details},${rest.slice(1)}`;
}

/**
 * The JCS text of `event` without `hash` and `prev_hash`. Events with exactly the contract's
 * fields take the fixed order above; any other shape is sorted in full.
 */
export function canonicalBody(event: Record<string, unknown>): string {
  const keys = Object.keys(event);
  let text: string | undefined;
  if (keys.length === CONTRACT_FIELDS.size && keys.every((key) => CONTRACT_FIELDS.has(key))) {
    text = contractText(event);
  } else {
    // Unknown fields (a newer server). A prototype-less copy, so a key named `__proto__` stays a key.
    const body = Object.create(null) as Record<string, unknown>;
    for (const key of keys) if (key !== 'hash' && key !== 'prev_hash') body[key] = event[key];
    text = objectText(body, 0);
  }
  if (text !== GIVE_UP) return text;
  const { hash: _hash, prev_hash: _prev, ...rest } = event;
  const general = canonicalize(rest);
  if (general === undefined) throw new Error('An audit event has no JSON form');
  return general;
}
