import { EventEmitter } from 'node:events';

/**
 * Small stand-ins for the Electron objects the adapters touch. The Electron binary cannot run
 * on these machines; these stubs record what the adapters ask of Electron so tests can check it.
 */
export class StubWebContents extends EventEmitter {
  id = 7;
  mainFrame = { url: 'app://opp/index.html' };
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  sent: unknown[][] = [];
  loading = false;
  destroyed = false;
  readonly session = new StubSession();

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  send(...args: unknown[]): void {
    this.sent.push(args);
  }
  isLoading(): boolean {
    return this.loading;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Emits a navigation-like event and says whether a guard cancelled it. */
  tryNavigate(eventName: 'will-navigate' | 'will-redirect' | 'will-attach-webview', url: string): boolean {
    let prevented = false;
    this.emit(eventName, { preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

export class StubSession {
  permissionRequestHandler:
    | ((
        contents: unknown,
        permission: string,
        callback: (granted: boolean) => void,
        details: { requestingUrl: string },
      ) => void)
    | null = null;
  permissionCheckHandler: ((...args: unknown[]) => boolean) | null = null;
  setPermissionRequestHandler(handler: StubSession['permissionRequestHandler']): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: StubSession['permissionCheckHandler']): void {
    this.permissionCheckHandler = handler;
  }
}

export class StubIpcMain {
  readonly handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  handle(channel: string, handler: (event: unknown, ...args: unknown[]) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

export class StubBrowserWindow extends EventEmitter {
  readonly webContents = new StubWebContents();
  loadedUrl: string | null = null;
  shown = false;
  maximized = false;
  bounds = { x: 10, y: 20, width: 1280, height: 800 };
  constructor(readonly options: Record<string, unknown>) {
    super();
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  show(): void {
    this.shown = true;
  }
  maximize(): void {
    this.maximized = true;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  isMinimized(): boolean {
    return false;
  }
  isFullScreen(): boolean {
    return false;
  }
  getBounds(): typeof this.bounds {
    return { ...this.bounds };
  }
  getNormalBounds(): typeof this.bounds {
    return { ...this.bounds };
  }
}
