import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Net, Protocol } from 'electron';
import { APP_HOST, APP_SCHEME } from './app-origin';

/** Must run before the app is ready: `app://` behaves like https (secure, standard, fetch-able). */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
} as const;

/**
 * Maps an `app://opp/...` request to a file inside the renderer's build folder, or null when
 * the request points anywhere else (another host, `..` escapes, encoded separators).
 */
export function resolveAppFile(rendererRoot: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let relative: string;
  try {
    relative = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (relative.includes('\0') || relative.includes('\\')) return null;
  if (relative === '/' || relative === '') relative = '/index.html';
  const root = path.resolve(rendererRoot);
  const file = path.resolve(root, `.${relative}`);
  return file.startsWith(root + path.sep) ? file : null;
}

/**
 * CSP directives a <meta> tag cannot carry (Chromium ignores them there, with a console
 * error), so they travel as a response header. The rest of the policy is in index.html;
 * the browser enforces both.
 */
export const HEADER_ONLY_CSP = "frame-ancestors 'none'";

/** Serves the built renderer on `app://opp/`; anything outside it answers 404. */
export function serveRenderer(protocol: Protocol, net: Net, rendererRoot: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(rendererRoot, request.url);
    if (file === null) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('content-security-policy', HEADER_ONLY_CSP);
    headers.set('x-content-type-options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}
