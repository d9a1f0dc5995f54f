/**
 * What a person sees, measured in the page: the smallest text and the smallest touch target on
 * screen inside a part of the page, after CSS transforms (the board's zoom) are applied. Text
 * size on screen is the computed font size times the element's zoom (its on-screen width over
 * its layout width); only what is visible and inside the area counts.
 */
import type { Locator } from 'playwright-core';

/** One measured thing: a short description, its size on screen and its text (for failures). */
export interface Measured {
  px: number;
  w?: number;
  h?: number;
  what: string;
}

/** The smallest text on screen inside `area` (visible, within the area's on-screen box; scrolling the page brings it into view). */
export async function smallestText(area: Locator): Promise<Measured | null> {
  return area.evaluate((root) => {
    const clip = root.getBoundingClientRect();
    let best: { px: number; what: string } | null = null;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? '';
      const el = node.parentElement;
      if (!text || !el) continue;
      if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
      if (el.closest('.visually-hidden')) continue;
      // The text's own box: a clamped or clipped line that is not painted has no client rects inside the area.
      const range = document.createRange();
      range.selectNodeContents(node);
      const boxes = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0
        && r.right > clip.left && r.left < clip.right && r.bottom > clip.top && r.top < clip.bottom);
      if (boxes.length === 0) continue;
      // Hidden by an ancestor's overflow (a clamped line, a card's clipped foot)?
      let clipped = false;
      for (let a: Element | null = el; a && a !== root; a = a.parentElement) {
        const s = getComputedStyle(a);
        if (s.overflow !== 'visible' && a !== el) {
          const r = a.getBoundingClientRect();
          if (!boxes.some((b) => b.bottom > r.top && b.top < r.bottom && b.right > r.left && b.left < r.right)) clipped = true;
        }
      }
      if (clipped) continue;
      const zoom = el.offsetWidth > 0 ? el.getBoundingClientRect().width / el.offsetWidth : 1;
      const px = parseFloat(getComputedStyle(el).fontSize) * zoom;
      if (!best || px < best.px) best = { px: Math.round(px * 10) / 10, what: `${el.tagName.toLowerCase()}.${el.className}: ${text.slice(0, 40)}` };
    }
    return best;
  });
}

/** The smallest touch target (button, link, form control) on screen inside `area`, by its smaller side. */
export async function smallestTarget(area: Locator): Promise<Measured | null> {
  return area.evaluate((root) => {
    const clip = root.getBoundingClientRect();
    let best: { px: number; w: number; h: number; what: string } | null = null;
    for (const el of root.querySelectorAll<HTMLElement>('button, a[href], input, select, textarea, [role="button"]')) {
      if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      const cx = r.left + r.width / 2;
      const cy = r.top + r.height / 2;
      if (cx < clip.left || cx > clip.right || cy < clip.top || cy > clip.bottom) continue;
      const px = Math.min(r.width, r.height);
      if (!best || px < best.px) best = { px: Math.round(px * 10) / 10, w: Math.round(r.width), h: Math.round(r.height), what: `${el.tagName.toLowerCase()}: ${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}` };
    }
    return best;
  });
}
