/**
 * Auto-fitting type for the projector: the largest font size at which a box's content still
 * fits, found by halving the range (a handful of layouts), redone when the content or the box
 * changes size. The size goes into the CSS variable `--fit` of the box.
 */
import { useLayoutEffect } from 'preact/hooks';
import type { RefObject } from 'preact';

/** Whether the content overflows the box (either way: multi-column layouts overflow sideways). */
function overflows(el: HTMLElement): boolean {
  return el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1;
}

/** Sets `--fit` on `el` to the largest size in [min, max] px (whole pixels) at which nothing overflows. */
export function fitText(el: HTMLElement, min: number, max: number): number {
  let lo = min;
  let hi = max;
  el.style.setProperty('--fit', `${hi}px`);
  if (!overflows(el)) return hi;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    el.style.setProperty('--fit', `${mid}px`);
    if (overflows(el)) hi = mid;
    else lo = mid;
  }
  el.style.setProperty('--fit', `${lo}px`);
  return lo;
}

/** Keeps `ref`'s content as large as fits, re-fitting when `key` changes or the box is resized. */
export function useAutoFit(ref: RefObject<HTMLElement | null>, key: unknown, min: number, max: number): void {
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    fitText(el, min, max);
    if (typeof ResizeObserver === 'undefined') return;
    let width = el.clientWidth;
    let height = el.clientHeight;
    const observer = new ResizeObserver(() => {
      // Only the box's own size matters; changing --fit does not resize the box itself.
      if (el.clientWidth === width && el.clientHeight === height) return;
      width = el.clientWidth;
      height = el.clientHeight;
      fitText(el, min, max);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, key, min, max]);
}
