/** Levels of detail on the tablet board (board-legibility.ts): no text under 14 px on screen. */
import { describe, expect, it } from 'vitest';
import { CARD_TEXT_PX, GIST_SCALE, MIN_TEXT_PX, READ_SCALE, TITLE_TAB_PX, detailAt, gistType, themeTitleType, titleFits } from './board-legibility.ts';

describe('detailAt', () => {
  it('draws whole cards only where their smallest text is at least 14 px on screen', () => {
    expect(CARD_TEXT_PX * READ_SCALE).toBeGreaterThanOrEqual(MIN_TEXT_PX);
    expect(detailAt(1)).toBe('cards');
    expect(detailAt(READ_SCALE)).toBe('cards');
    expect(detailAt(READ_SCALE - 0.01)).toBe('gist');
    expect(detailAt(GIST_SCALE)).toBe('gist');
    expect(detailAt(GIST_SCALE - 0.01)).toBe('summary');
    expect(detailAt(0.1)).toBe('summary');
  });
});

describe('gistType', () => {
  it('scales the words up to 15 px on screen and fits at least one line on a card', () => {
    for (const scale of [GIST_SCALE, 0.5, 0.6, 0.7, READ_SCALE - 0.01]) {
      const g = gistType(scale);
      expect(g.px * scale).toBeGreaterThanOrEqual(MIN_TEXT_PX);
      expect(g.lines).toBeGreaterThanOrEqual(1);
      expect(g.lines * g.px * 1.2).toBeLessThanOrEqual(140 - 18);
    }
  });
});

describe('themeTitleType', () => {
  it('keeps a title at 20 px on screen however far out, and its count (0.8 em) at 16 px', () => {
    for (const scale of [0.05, 0.1, 0.3, 0.6, 0.9, 1]) expect(themeTitleType(scale).px * scale * 0.8).toBeGreaterThanOrEqual(16 - 1e-9);
    expect(themeTitleType(2).px).toBe(24);
    expect(TITLE_TAB_PX).toBeGreaterThanOrEqual(2 * 20 * 1.2);
  });
});

describe('titleFits', () => {
  it('leaves a title out of a frame less than 120 px wide on screen (the legend names the theme)', () => {
    expect(titleFits(464, 0.3)).toBe(true);
    expect(titleFits(464, 0.25)).toBe(false);
  });
});
