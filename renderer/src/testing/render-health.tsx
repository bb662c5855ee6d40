import type { userEvent } from '@testing-library/user-event';
import { vi } from 'vitest';
import type { Session } from '../../../shared/domain/session';
import { resetHealthUi, type HealthUiState } from '../features/health/health-ui-store';
import { clearPendingAuditEvent } from '../features/health/audit-event-link';
import { createFakeOppApi, sampleEnvironment, sampleSession, type FakeOppApi } from './fake-opp-api';
import type { FakeHealthSeed } from './fake-health';
import { renderWithProviders, type RenderedApp } from './render-app';

/** An environment with both Prometheus and AlertManager. */
export const MONITORED = sampleEnvironment({
  id: 'monitored',
  name: 'Monitored',
  prometheus: { url: 'https://prometheus.monitored.example', auth: 'none', hasSecret: false },
  alertmanager: { url: 'https://alertmanager.monitored.example', auth: 'none', hasSecret: false },
});

/** One without any monitoring server. */
export const BARE = sampleEnvironment({ id: 'bare', name: 'Bare' });

/**
 * jsdom lays nothing out: this ResizeObserver reports every observed element `width` pixels
 * wide, at once, so charts measure themselves as in a browser.
 */
export function stubResizeObserver(width: number, height = 240): void {
  class SizedResizeObserver implements ResizeObserver {
    constructor(private readonly callback: ResizeObserverCallback) {}
    observe(target: Element): void {
      const size = [{ inlineSize: width, blockSize: height }];
      const entry = {
        target,
        contentRect: { x: 0, y: 0, top: 0, left: 0, width, height, right: width, bottom: height },
        borderBoxSize: size,
        contentBoxSize: size,
        devicePixelContentBoxSize: size,
      } as unknown as ResizeObserverEntry;
      this.callback([entry], this);
    }
    unobserve(): void {}
    disconnect(): void {}
  }
  vi.stubGlobal('ResizeObserver', SizedResizeObserver);
}

/** Makes the window hidden or shown, as minimising it would. */
export function setDocumentVisibility(state: DocumentVisibilityState): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => state === 'hidden' });
  document.dispatchEvent(new Event('visibilitychange'));
}

export interface HealthRenderOptions {
  api?: FakeOppApi;
  health?: FakeHealthSeed;
  session?: Session | null;
  ui?: Partial<HealthUiState>;
  environment?: typeof MONITORED;
  /** With fake timers: `{ advanceTimers: vi.advanceTimersByTime.bind(vi) }`. */
  userOptions?: Parameters<typeof userEvent.setup>[0];
}

/** The app on the Health area of `environment` (MONITORED, an admin signed in), from a fresh health UI. */
export function renderHealth(options: HealthRenderOptions = {}): RenderedApp {
  const environment = options.environment ?? MONITORED;
  const session = options.session === undefined ? sampleSession(environment.id) : options.session;
  resetHealthUi(options.ui);
  clearPendingAuditEvent();
  const api =
    options.api ??
    createFakeOppApi(undefined, {
      environments: [environment],
      sessions: session === null ? [] : [session],
      health: options.health,
    });
  return renderWithProviders(undefined, {
    api,
    uiState: { area: 'health', selectedEnvironmentId: environment.id },
    userOptions: options.userOptions,
  });
}
