import { describe, expect, it } from 'vitest';
import { NoteSize, slotInTheme, themePosition, ThemeTitleSize, unsortedPosition } from './board-placement.ts';

type Box = { x: number; y: number; w: number; h: number };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const card = (p: { x: number; y: number }): Box => ({ ...p, ...NoteSize });
const union = (a: Box, b: Box): Box => {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y };
};

describe('default placement', () => {
  const unsorted = Array.from({ length: 60 }, (_, i) => card(unsortedPosition(i)));
  const themes = Array.from({ length: 12 }, (_, t) => {
    const at = themePosition(t);
    const title: Box = { ...at, ...ThemeTitleSize };
    const cards = Array.from({ length: 9 }, (_, k) => card(slotInTheme(at, k)));
    // The tablet draws a theme's frame 16 px around its title and its concerns.
    const inner = cards.reduce(union, title);
    return { title, cards, frame: { x: inner.x - 16, y: inner.y - 16, w: inner.w + 32, h: inner.h + 32 } };
  });

  it('no two cards or titles overlap', () => {
    const boxes = [...unsorted, ...themes.flatMap((t) => [t.title, ...t.cards])];
    let clashes = 0;
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) if (overlaps(boxes[i]!, boxes[j]!)) clashes++;
    expect(clashes).toBe(0);
  });

  it('a theme frame holds only its own concerns: it meets neither another frame nor an unsorted concern', () => {
    for (const [i, t] of themes.entries()) {
      for (const u of unsorted) expect(overlaps(t.frame, u)).toBe(false);
      for (const other of themes.slice(i + 1)) expect(overlaps(t.frame, other.frame)).toBe(false);
    }
  });
});
