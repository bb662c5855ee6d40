import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AuditFilter } from '../../shared/domain/audit-query';
import { OppError } from '../../shared/errors';
import type { FileDialogs } from '../environments/environment-service';
import type { Logger } from '../log/logger';
import { writeFileAtomic } from '../storage/json-file';
import type { AuditCache } from './audit-cache';
import { csvHeader, csvLine } from './audit-csv';
import type { AuditQueries } from './audit-query';

export interface ExportReport {
  file: string | null;
  manifestFile: string | null;
  count: number;
  sha256: string | null;
}

export interface ExportRequest {
  environmentId: string;
  filter: AuditFilter;
  format: 'csv' | 'json';
  /** null: the environment has no copy yet (an empty export is still a valid file). */
  source: { cache: AuditCache; queries: AuditQueries } | null;
  dialogs: FileDialogs;
  log: Logger;
  now: () => number;
}

const CHUNK = 2000;

/**
 * Writes the filtered events, oldest first, to a file the administrator chooses, a chunk at a
 * time (a million rows never sit in memory), hashing the bytes as they go. The file is written
 * beside its final name and renamed when complete, so a failed export leaves no half file. A
 * manifest (`<file>.manifest.json`) records the filter, the count, the first and last event,
 * the chain head and the file's SHA-256, so a reader can check the export later.
 */
export async function exportAudit(request: ExportRequest): Promise<ExportReport> {
  const stamp = new Date(request.now()).toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  const file = await request.dialogs.chooseSaveFile({
    title: 'Export audit events',
    defaultName: `audit-${request.environmentId}-${stamp}.${request.format}`,
  });
  if (file === null) return { file: null, manifestFile: null, count: 0, sha256: null };
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.partial`);
  const hash = createHash('sha256');
  let handle: fs.promises.FileHandle | null = null;
  let count = 0;
  let first: { id: number; timestamp: string } | null = null;
  let last: { id: number; timestamp: string } | null = null;
  try {
    handle = await fs.promises.open(temp, 'w', 0o600);
    const out = handle;
    const write = async (text: string): Promise<void> => {
      hash.update(text);
      await out.write(text);
    };
    const json = request.format === 'json';
    await write(json ? '[' : csvHeader());
    // The plan once: the user agents a word matches do not change during one export.
    const plan = request.source?.queries.plan(request.filter) ?? null;
    let afterKey: number | null = null;
    for (const source = request.source; source !== null && plan !== null;) {
      const rows = source.queries.rows(plan, 'oldest', afterKey, CHUNK);
      const lastRow = rows[rows.length - 1];
      if (lastRow === undefined) break;
      afterKey = lastRow.k;
      let text = '';
      for (const row of rows) {
        const view = source.queries.toAuditRow(row);
        text += json ? `${count === 0 ? '' : ','}\n${JSON.stringify(view)}` : csvLine(view);
        first ??= { id: view.id, timestamp: view.timestamp };
        last = { id: view.id, timestamp: view.timestamp };
        count += 1;
      }
      await write(text);
    }
    if (json) await write(count === 0 ? ']\n' : '\n]\n');
    await out.sync();
    await out.close();
    handle = null;
    fs.renameSync(temp, file);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    fs.rmSync(temp, { force: true });
    request.log.warn('audit: export failed', { env: request.environmentId, error });
    throw new OppError('VALIDATION', `The file ${file} could not be written. Choose another folder.`);
  }
  const sha256 = hash.digest('hex');
  const head = request.source?.cache.head() ?? null;
  const manifestFile = `${file}.manifest.json`;
  const manifest = {
    file: path.basename(file),
    format: request.format,
    environmentId: request.environmentId,
    exportedAt: new Date(request.now()).toISOString(),
    filter: request.filter,
    order: 'oldest first',
    count,
    first,
    last,
    chainHead: head === null ? null : { id: head.id, hash: head.hash },
    sha256,
  };
  writeFileAtomic(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  request.log.info('audit: exported', { env: request.environmentId, count, format: request.format });
  return { file, manifestFile, count, sha256 };
}
