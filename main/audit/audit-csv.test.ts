import { describe, expect, it } from 'vitest';
import type { AuditRow } from '../../shared/domain/audit-query';
import { CSV_COLUMNS, csvCell, csvHeader, csvLine } from './audit-csv';

/** An RFC 4180 reader written for this test: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 1;
    } else field += c;
  }
  return records;
}

const row: AuditRow = {
  id: 42,
  timestamp: '2026-01-01T00:00:00.000Z',
  user_id: null,
  username: 'o"brien, jr',
  action: 'login_failed',
  resource: '=HYPERLINK("http://evil.example","x")',
  resource_id: '+1',
  outcome: 'failure',
  ip_address: '-2+3',
  user_agent: '@SUM(A1)\r\nsecond line',
  details: { note: 'a,b\n"c"', n: -5 },
  session_id: '\tTAB',
  prev_hash: null,
  hash: null,
  chain: 'unchained',
};

describe('CSV cells', () => {
  it('quote commas, quotes and line breaks, doubling inner quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\ronly')).toBe('"cr\ronly"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(-5)).toBe('-5');
  });

  it('defuse text a spreadsheet would run as a formula', () => {
    for (const text of ['=1+1', '+1', '-1', '@A1', '\t=1', '\r=1'])
      expect(csvCell(text).replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell('a=1')).toBe('a=1');
  });

  it('make lines that read back to the same values', () => {
    const records = parseCsv(csvHeader() + csvLine(row) + csvLine({ ...row, id: 43, username: null }));
    expect(records).toHaveLength(3);
    expect(records[0]).toEqual([...CSV_COLUMNS]);
    const fields = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, records[1]?.[i]]));
    expect(fields).toMatchObject({
      id: '42',
      user_id: '',
      username: 'o"brien, jr',
      resource: `'=HYPERLINK("http://evil.example","x")`,
      resource_id: "'+1",
      ip_address: "'-2+3",
      user_agent: "'@SUM(A1)\r\nsecond line",
      session_id: "'\tTAB",
      chain: 'unchained',
    });
    expect(JSON.parse(fields['details'] ?? '')).toEqual(row.details);
    expect(records[2]?.[3]).toBe('');
  });
});
