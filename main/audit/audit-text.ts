/**
 * Free text for the FTS5 table: what is indexed, and how an administrator's words become a
 * query that cannot be anything but a search for those words.
 */

/** The values in `details` (nested ones too), space-separated: keys and JSON punctuation are noise. */
export function detailsText(details: unknown): string {
  const parts: string[] = [];
  const walk = (value: unknown, depth: number): void => {
    if (value === null || value === undefined || depth > 8) return;
    if (typeof value === 'string') parts.push(value);
    else if (typeof value === 'number' || typeof value === 'boolean') parts.push(String(value));
    else if (Array.isArray(value)) for (const item of value) walk(item, depth + 1);
    else if (typeof value === 'object') for (const item of Object.values(value)) walk(item, depth + 1);
  };
  walk(details, 0);
  return parts.join(' ');
}

/** Letters or digits: a word the tokenizer keeps. Anything else only separates words. */
const SEARCHABLE = /[\p{L}\p{N}]/u;

/**
 * Turns typed text into an FTS5 query. Each whitespace-separated word becomes a quoted string
 * (inner quotes doubled), so FTS5 operators (`AND`, `OR`, `NOT`, `NEAR`, `^`, `:`, `(`, `-`)
 * typed by the administrator are searched for as words, never obeyed. A trailing `*` asks for a
 * prefix (`adm*`), which FTS5 allows after a quoted string. The caller ANDs the words. Answers
 * none when nothing searchable is left (only punctuation): then the text narrows nothing.
 */
export function ftsQuery(text: string): string[] {
  const terms: string[] = [];
  // Control characters never reach FTS5's parser: they only separate words here.
  for (const word of text.replace(/\p{Cc}/gu, ' ').split(/\s+/u)) {
    const prefix = word.length > 1 && word.endsWith('*');
    const body = prefix ? word.replace(/\*+$/u, '') : word;
    if (!SEARCHABLE.test(body)) continue;
    terms.push(`"${body.replaceAll('"', '""')}"${prefix ? '*' : ''}`);
  }
  return terms;
}

/**
 * Hex forms already made: a log repeats a few thousand usernames, actions and addresses a
 * million times. Forgotten wholesale when full, so a stream of distinct values costs lookups only.
 */
const hexMemo = new Map<string, string>();
const HEX_MEMO_SIZE = 50_000;

/**
 * The UTF-8 of `value` in hex. Buffer's hex is one flat string: built a pair at a time it would
 * be a tree of 2-character pieces that SQLite's binding flattens again for every event.
 */
function hexOf(value: string): string {
  let hex = hexMemo.get(value);
  if (hex === undefined) {
    if (hexMemo.size >= HEX_MEMO_SIZE) hexMemo.clear();
    hex = Buffer.from(value, 'utf8').toString('hex');
    hexMemo.set(value, hex);
  }
  return hex;
}

/** Exact-match tokens: a letter for the field, then the value's UTF-8 in hex (letters and digits only). */
function tag(kind: 'u' | 'a' | 'o' | 'r' | 'i', value: string): string {
  return kind + hexOf(value);
}

/** The `tags` column of an event: one token per filterable field that has a value. */
export function eventTags(
  event: {
    username: string | null;
    action: string;
    outcome: string | null;
    resource: string | null;
    ip_address: string | null;
  },
  agentId: number | null,
): string {
  let tags = tag('a', event.action);
  if (agentId !== null) tags += ` g${agentId}`;
  if (event.username !== null) tags += ` ${tag('u', event.username)}`;
  if (event.outcome !== null) tags += ` ${tag('o', event.outcome)}`;
  if (event.resource !== null) tags += ` ${tag('r', event.resource)}`;
  if (event.ip_address !== null) tags += ` ${tag('i', event.ip_address)}`;
  return tags;
}

/** One of several exact values of a field, as an FTS5 expression over the `tags` column. */
export function anyOfTags(kind: 'u' | 'a' | 'o' | 'r', values: readonly string[]): string {
  return `tags : (${[...new Set(values)].map((v) => tag(kind, v)).join(' OR ')})`;
}

/**
 * An IP prefix as an FTS5 expression. A dotted IPv4 prefix that ends between numbers
 * (`10.20.`) is the phrase of its numbers at the start of the `ip` column, which is exact and
 * reads one short list per number. Anything else (a prefix that ends inside a number, IPv6,
 * where `::` would make words and characters disagree) is a prefix of the exact `i` tag: exact
 * too, and quick unless the prefix is very short.
 */
export function ipPrefixExpression(prefix: string): string {
  if (/^(?:\d{1,3}\.)+$/.test(prefix)) {
    return `ip : ^"${prefix
      .split('.')
      .filter((part) => part !== '')
      .join(' ')}"`;
  }
  return `tags : ${tag('i', prefix)}*`;
}

/**
 * One typed word over the free-text columns (never the `tags` tokens), or over the user agents
 * that contain it (`agentIds`, found in their own index: see audit-agents.ts).
 */
export function wordExpression(term: string, agentIds: readonly number[]): string {
  const columns = `{username action resource ip details} : ${term}`;
  return agentIds.length === 0
    ? columns
    : `(${columns} OR tags : (${agentIds.map((id) => `g${id}`).join(' OR ')}))`;
}
