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

// jsdom lacks pointer capture and scrollIntoView; Radix Select calls them when it opens.
const elementStubs: Partial<Element> = {
  hasPointerCapture: () => false,
  setPointerCapture: () => {},
  releasePointerCapture: () => {},
  scrollIntoView: () => {},
};
for (const [name, stub] of Object.entries(elementStubs)) {
  if (!(name in Element.prototype)) Object.defineProperty(Element.prototype, name, { value: stub });
}

afterEach(() => {
  cleanup();
  // The theme is applied to <html>, which outlives each test's container.
  delete document.documentElement.dataset['theme'];
  delete document.documentElement.dataset['themePreference'];
});
