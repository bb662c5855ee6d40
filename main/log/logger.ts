import fs from 'node:fs';
import path from 'node:path';
import electronLog from 'electron-log/node';
import { redactForLog } from './redact';

/** Structured facts for a log line. Put the environment id here (`env`), never a secret. */
export type LogFields = Record<string, unknown>;

/** What services log through. They get it from the composition root; none imports a logger. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export interface FileLoggerOptions {
  logFolder: string;
  fileName?: string;
  /** Rotate when the file passes this size. */
  maxSizeBytes?: number;
  /** How many rotated files to keep beside the current one. */
  keepFiles?: number;
  /** Also print to stderr (development, the harness). */
  console?: boolean;
  /** Distinguishes loggers in one process (tests, the harness). */
  logId?: string;
}

/** Shifts `main.log` to `main.1.log`, `main.1.log` to `main.2.log`, ... and drops the oldest. */
export function rotateLogFiles(current: string, keepFiles: number): void {
  const { dir, name, ext } = path.parse(current);
  const numbered = (n: number): string => path.join(dir, `${name}.${n}${ext}`);
  fs.rmSync(numbered(keepFiles), { force: true });
  for (let n = keepFiles - 1; n >= 1; n -= 1) {
    if (fs.existsSync(numbered(n))) fs.renameSync(numbered(n), numbered(n + 1));
  }
  if (keepFiles >= 1) fs.renameSync(current, numbered(1));
  else fs.rmSync(current, { force: true });
}

/**
 * A logger writing to `logFolder` through electron-log's file transport, with rotation and a
 * redaction hook that every line passes before any transport sees it. electron-log's Node
 * entry is used so the same logger serves Electron's main and the plain-Node test harness.
 */
export function createFileLogger(options: FileLoggerOptions): Logger {
  fs.mkdirSync(options.logFolder, { recursive: true });
  const log = electronLog.create({ logId: options.logId ?? 'main' });
  const fileName = options.fileName ?? 'main.log';
  const keepFiles = options.keepFiles ?? 4;

  log.transports.file.resolvePathFn = () => path.join(options.logFolder, fileName);
  log.transports.file.maxSize = options.maxSizeBytes ?? 5 * 1024 * 1024;
  log.transports.file.archiveLogFn = (oldFile) => rotateLogFiles(oldFile.path, keepFiles);
  log.transports.file.format = '[{y}-{m}-{d} {h}:{i}:{s}.{ms}] [{level}] {text}';
  log.transports.console.level = options.console === true ? 'info' : false;
  // Redaction runs first, for every transport: nothing unredacted reaches a file or a console.
  log.hooks.unshift((message) => ({ ...message, data: message.data.map((item) => redactForLog(item)) }));

  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (message: string, fields?: LogFields): void => {
      if (fields === undefined) log[level](message);
      else log[level](message, fields);
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

/** A logger that remembers lines, for tests. */
export class MemoryLogger implements Logger {
  readonly lines: { level: string; message: string; fields: LogFields | undefined }[] = [];
  private push(level: string, message: string, fields?: LogFields): void {
    this.lines.push({
      level,
      message,
      fields: fields === undefined ? undefined : (redactForLog(fields) as LogFields),
    });
  }
  debug(message: string, fields?: LogFields): void {
    this.push('debug', message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.push('info', message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.push('warn', message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.push('error', message, fields);
  }
}
