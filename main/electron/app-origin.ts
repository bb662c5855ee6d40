/**
 * The renderer is served from `app://opp/` (a privileged standard scheme registered by main),
 * or from electron-vite's dev server in development. Custom schemes have an opaque `origin`
 * in the URL standard, so "same origin" here compares scheme, host and port.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'opp';
export const PACKAGED_APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

export interface AppOrigin {
  /** The URL the window loads. */
  entryUrl: string;
  /** True when `url` belongs to our own renderer. */
  owns(url: string): boolean;
}

export function createAppOrigin(entryUrl: string): AppOrigin {
  const base = new URL(entryUrl);
  return {
    entryUrl,
    owns(url: string): boolean {
      let candidate: URL;
      try {
        candidate = new URL(url);
      } catch {
        return false;
      }
      return candidate.protocol === base.protocol && candidate.host === base.host;
    },
  };
}

/** Links the renderer may hand to the OS browser: plain web pages, nothing else. */
export function isExternalWebUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (
      (parsed.protocol === 'https:' || parsed.protocol === 'http:') &&
      parsed.username === '' &&
      parsed.password === ''
    );
  } catch {
    return false;
  }
}
