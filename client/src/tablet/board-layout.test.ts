/** The board's paint area and the far-out picture's resolution (board-layout.ts). */
import { describe, expect, it } from 'vitest';
import { paintSheet, pictureResolution } from './board-layout.ts';

describe('paintSheet', () => {
  it('holds the content with room around it to drag a card out', () => {
    const s = paintSheet({ x: -300, y: 120, w: 11_000, h: 6_400 });
    expect(s.x).toBeLessThanOrEqual(-300 - 4000);
    expect(s.y).toBeLessThanOrEqual(120 - 4000);
    expect(s.x + s.w).toBeGreaterThanOrEqual(-300 + 11_000 + 4000);
    expect(s.y + s.h).toBeGreaterThanOrEqual(120 + 6_400 + 4000);
  });

  it('stays the same when the content grows a little (no re-render, no repaint)', () => {
    expect(paintSheet({ x: 0, y: 0, w: 5_100, h: 3_100 })).toEqual(paintSheet({ x: 0, y: 0, w: 5_600, h: 3_500 }));
  });
});

describe('pictureResolution', () => {
  it('matches the screen at the zoom, rounded to a power of two', () => {
    const small = { x: 0, y: 0, w: 2_000, h: 1_500 };
    expect(pictureResolution(small, 0.1, 2)).toBe(0.25);
    expect(pictureResolution(small, 0.25, 2)).toBe(0.5);
    expect(pictureResolution(small, 0.27, 2)).toBe(0.5);
  });

  it('keeps a huge board within 4096 pixels a side and 8 million pixels', () => {
    const huge = { x: 0, y: 0, w: 40_000, h: 30_000 };
    const k = pictureResolution(huge, 0.25, 2);
    const w = Math.ceil(huge.w * k);
    const h = Math.ceil(huge.h * k);
    expect(w).toBeLessThanOrEqual(4096);
    // (plus at most one row and column from rounding up)
    expect(w * h).toBeLessThanOrEqual(8_000_000 + w + h + 1);
  });
});
