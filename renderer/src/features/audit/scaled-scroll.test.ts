import { describe, expect, it } from 'vitest';
import { MAX_SCROLL_HEIGHT, ScrollScale, scaledScrollElement } from './scaled-scroll';

const ROW = 32;
const VIEWPORT = 320;

function scaleFor(rows: number): ScrollScale {
  return new ScrollScale(rows * ROW);
}

function fakeElement(): HTMLElement {
  const element = document.createElement('div');
  Object.defineProperty(element, 'clientHeight', { value: VIEWPORT });
  Object.defineProperty(element, 'clientWidth', { value: 900 });
  return element;
}

describe('ScrollScale', () => {
  it('is 1:1 while the list fits', () => {
    const scale = scaleFor(10_000);
    expect(scale.realHeight).toBe(320_000);
    expect(scale.factor(VIEWPORT)).toBe(1);
    expect(scale.blockTop(6400, 6000, VIEWPORT)).toBe(6400);
  });

  it('fits a million rows in the largest area, with both ends meeting', () => {
    const scale = scaleFor(1_000_000);
    expect(scale.realHeight).toBe(MAX_SCROLL_HEIGHT);
    const realMax = MAX_SCROLL_HEIGHT - VIEWPORT;
    const virtualMax = 1_000_000 * ROW - VIEWPORT;
    expect(scale.toVirtual(0, VIEWPORT)).toBe(0);
    expect(scale.toVirtual(realMax, VIEWPORT)).toBeCloseTo(virtualMax, 3);
    expect(scale.toReal(virtualMax, VIEWPORT)).toBeCloseTo(realMax, 3);
    // Half way down the bar is half way through the rows.
    expect(scale.toVirtual(realMax / 2, VIEWPORT) / ROW).toBeCloseTo(
      (1_000_000 * ROW - VIEWPORT) / 2 / ROW,
      3,
    );
  });

  it('draws the last row at the bottom of the area when scrolled to the end', () => {
    const scale = scaleFor(1_000_000);
    const realTop = MAX_SCROLL_HEIGHT - VIEWPORT;
    const lastStart = (1_000_000 - 1) * ROW;
    expect(scale.blockTop(lastStart, realTop, VIEWPORT) + ROW).toBeCloseTo(MAX_SCROLL_HEIGHT, 3);
    // And the row at the virtual offset at the top of the viewport.
    const virtualTop = scale.toVirtual(realTop, VIEWPORT);
    expect(scale.blockTop(virtualTop, realTop, VIEWPORT)).toBeCloseTo(realTop, 3);
  });
});

describe('scaledScrollElement', () => {
  it('shows the virtual height and offset, and writes the real one', () => {
    const real = fakeElement();
    const scale = scaleFor(1_000_000);
    const adapter = scaledScrollElement(real, scale);
    expect(adapter.scrollHeight).toBe(32_000_000);
    expect(adapter.clientHeight).toBe(VIEWPORT);

    adapter.scrollTo({ top: 16_000_000 });
    expect(real.scrollTop).toBeCloseTo(16_000_000 / scale.factor(VIEWPORT), 3);
    // The read-back is what was written, exactly.
    expect(adapter.scrollTop).toBe(16_000_000);

    real.scrollTop = 1000;
    expect(adapter.scrollTop).toBeCloseTo(1000 * scale.factor(VIEWPORT), 3);
  });

  it('passes scroll events of the real element on', () => {
    const real = fakeElement();
    const adapter = scaledScrollElement(real, scaleFor(100));
    let heard = 0;
    const listener = (): void => {
      heard += 1;
    };
    adapter.addEventListener('scroll', listener);
    real.dispatchEvent(new Event('scroll'));
    adapter.removeEventListener('scroll', listener);
    real.dispatchEvent(new Event('scroll'));
    expect(heard).toBe(1);
  });
});
