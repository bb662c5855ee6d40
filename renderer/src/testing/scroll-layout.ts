import { act } from '@testing-library/react';

/**
 * jsdom lays nothing out: every size is 0, so a virtualizer would draw no rows. This gives
 * elements marked `data-scroll-viewport` a viewport size, a scroll height from their content's
 * inline height, and a `scrollTop` clamped like a browser's. Returns the function that undoes it.
 */
export function stubScrollLayout({
  height = 320,
  width = 1000,
}: { height?: number; width?: number } = {}): () => void {
  const prototype = HTMLElement.prototype;
  const tops = new WeakMap<HTMLElement, number>();
  const isViewport = (element: HTMLElement): boolean => element.hasAttribute('data-scroll-viewport');
  const contentHeight = (element: HTMLElement): number =>
    Math.max(
      0,
      ...Array.from(element.children, (child) => parseFloat((child as HTMLElement).style.height) || 0),
    );

  Object.defineProperty(prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return isViewport(this) ? height : 0;
    },
  });
  Object.defineProperty(prototype, 'clientWidth', {
    configurable: true,
    get(this: HTMLElement) {
      return isViewport(this) ? width : 0;
    },
  });
  Object.defineProperty(prototype, 'scrollHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return isViewport(this) ? Math.max(height, contentHeight(this)) : 0;
    },
  });
  Object.defineProperty(prototype, 'scrollTop', {
    configurable: true,
    get(this: HTMLElement) {
      return tops.get(this) ?? 0;
    },
    set(this: HTMLElement, value: number) {
      const max = isViewport(this) ? Math.max(0, contentHeight(this) - height) : 0;
      const next = Math.min(max, Math.max(0, value));
      if (next === (tops.get(this) ?? 0)) return;
      tops.set(this, next);
      // As a browser does, a scroll made by script is reported by an event soon after.
      setTimeout(() => act(() => this.dispatchEvent(new Event('scroll'))), 0);
    },
  });

  return () => {
    for (const name of ['clientHeight', 'clientWidth', 'scrollHeight', 'scrollTop']) {
      Reflect.deleteProperty(prototype, name);
    }
  };
}

/** Scrolls a stubbed viewport as a user would (the scroll event follows, as in a browser). */
export function scrollViewport(element: HTMLElement, top: number): void {
  act(() => {
    element.scrollTop = top;
  });
}
