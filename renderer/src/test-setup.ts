import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// jsdom has no ResizeObserver; Radix measures some parts (tooltips, radio groups) with it.
class NoopResizeObserver implements ResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
globalThis.ResizeObserver ??= NoopResizeObserver;

afterEach(() => {
  cleanup();
  // The theme is applied to <html>, which outlives each test's container.
  delete document.documentElement.dataset['theme'];
  delete document.documentElement.dataset['themePreference'];
});
