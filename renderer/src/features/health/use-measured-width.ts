import { useCallback, useEffect, useState, type RefCallback } from 'react';

/**
 * The width in pixels of the element the returned ref is put on, following its size
 * (ResizeObserver); null until known. Where ResizeObserver is missing (jsdom) it reads the
 * element once, and a zero width stays null rather than drawing a chart into nothing.
 */
export function useMeasuredWidth<T extends HTMLElement>(): [RefCallback<T>, number | null] {
  const [element, setElement] = useState<T | null>(null);
  const [width, setWidth] = useState<number | null>(null);
  const ref = useCallback<RefCallback<T>>((node) => setElement(node), []);

  useEffect(() => {
    if (element === null) return;
    const update = (next: number): void => {
      const rounded = Math.floor(next);
      setWidth((current) => (rounded > 0 ? rounded : current));
    };
    update(element.getBoundingClientRect().width);
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver((entries) => {
      const entry = entries[entries.length - 1];
      if (entry !== undefined) update(entry.contentRect.width);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);

  return [ref, width];
}
