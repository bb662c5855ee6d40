import type { Virtualizer } from '@tanstack/react-virtual';

/**
 * The tallest scroll area drawn. Browsers stop laying out past some height (Chromium near 33.5
 * million px, Firefox near 17.9 million) and lose pixel precision in transforms past 2^24, so a
 * million rows of 32 px (32 million px) cannot simply be drawn at full height.
 */
export const MAX_SCROLL_HEIGHT = 15_000_000;

/**
 * Maps a list drawn at full height (the virtual one the virtualizer lays out) onto a scroll
 * area at most `maxHeight` tall. Both ends meet: the top is the first row, the bottom the last,
 * and the scroll bar's thumb sits in proportion between them. Below `maxHeight` it is 1:1.
 */
export class ScrollScale {
  constructor(
    /** The height of all rows at full size. */
    readonly virtualHeight: number,
    readonly maxHeight = MAX_SCROLL_HEIGHT,
  ) {}

  get realHeight(): number {
    return Math.min(this.virtualHeight, this.maxHeight);
  }

  /** Virtual pixels per real pixel of scrolling (1 when the list fits). */
  factor(viewport: number): number {
    const realRange = this.realHeight - viewport;
    const virtualRange = this.virtualHeight - viewport;
    return realRange > 0 && virtualRange > realRange ? virtualRange / realRange : 1;
  }

  toVirtual(realTop: number, viewport: number): number {
    return realTop * this.factor(viewport);
  }

  toReal(virtualTop: number, viewport: number): number {
    return virtualTop / this.factor(viewport);
  }

  /**
   * Where, in the real area, to draw rows whose first one starts at `virtualStart`: so that the
   * row at the virtual offset shows at the top of the viewport.
   */
  blockTop(virtualStart: number, realTop: number, viewport: number): number {
    return virtualStart - realTop * (this.factor(viewport) - 1);
  }
}

/**
 * The scroll element as the virtualizer sees it: as tall as all rows at full height, its
 * `scrollTop` in virtual pixels. Reads and writes go to the real element, scaled. A write's
 * read-back answers the exact virtual offset written, so the virtualizer's own scrolling
 * (to an index, to the end) lands where it aimed.
 */
export function scaledScrollElement(real: HTMLElement, scale: ScrollScale): HTMLElement {
  let written: { real: number; virtual: number } | null = null;
  const adapter = {
    get scrollTop(): number {
      const top = real.scrollTop;
      if (written !== null && Math.abs(written.real - top) < 0.5) return written.virtual;
      return scale.toVirtual(top, real.clientHeight);
    },
    get scrollLeft(): number {
      return real.scrollLeft;
    },
    get scrollHeight(): number {
      return Math.max(scale.virtualHeight, real.clientHeight);
    },
    get scrollWidth(): number {
      return real.scrollWidth;
    },
    get clientHeight(): number {
      return real.clientHeight;
    },
    get clientWidth(): number {
      return real.clientWidth;
    },
    get ownerDocument(): Document {
      return real.ownerDocument;
    },
    get style(): CSSStyleDeclaration {
      return real.style;
    },
    get isConnected(): boolean {
      return real.isConnected;
    },
    scrollTo(options: ScrollToOptions): void {
      if (options.top === undefined) return;
      const target = scale.toReal(options.top, real.clientHeight);
      real.scrollTop = target;
      const landed = real.scrollTop;
      written = {
        real: landed,
        virtual: Math.abs(landed - target) < 1 ? options.top : scale.toVirtual(landed, real.clientHeight),
      };
    },
    addEventListener: real.addEventListener.bind(real),
    removeEventListener: real.removeEventListener.bind(real),
  };
  return adapter as unknown as HTMLElement;
}

/** The virtualizer's size observer, on the real element (a ResizeObserver needs one). */
export function observeRealSize(
  real: HTMLElement,
): (
  instance: Virtualizer<HTMLElement, Element>,
  report: (rect: { width: number; height: number }) => void,
) => () => void {
  return (_instance, report) => {
    const measure = (): void => report({ width: real.clientWidth, height: real.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(real);
    return () => observer.disconnect();
  };
}
