import fs from 'node:fs/promises';
import path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export function contentType(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** A file under `root` for a URL path, or null for anything that would leave it. */
export async function findStaticFile(root: string, urlPath: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const base = path.resolve(root);
  const file = path.resolve(base, `.${decoded}`);
  if (!file.startsWith(base + path.sep)) return null;
  try {
    return (await fs.stat(file)).isFile() ? file : null;
  } catch {
    return null;
  }
}

/**
 * The renderer's index.html as the harness serves it: the bridge script goes before the
 * app's module script (classic scripts run first), and the per-run key goes in a meta tag.
 */
export function injectBridge(indexHtml: string, key: string): string {
  const tags = `<meta name="opp-harness-key" content="${key}">\n    <script src="/__harness/bridge.js"></script>\n    `;
  const at = indexHtml.indexOf('<script');
  if (at < 0) throw new Error('The built index.html has no script tag: was the renderer built?');
  return indexHtml.slice(0, at) + tags + indexHtml.slice(at);
}
