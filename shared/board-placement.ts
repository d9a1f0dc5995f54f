/**
 * Where new things go on a board when nobody chose a place, shared by the server (new concerns),
 * the console (new themes, filing a concern under a theme) and the tablet (filing by tap), so
 * concerns, themes and the concerns under each theme never land on top of each other:
 *
 *   x:   40 ……… 680        760 ……… 1,192   1,240 ……… 1,672   …
 *        concerns not     theme 0            theme 1
 *        yet sorted       its concerns in a two-wide column under its title
 *        (3 wide, rows
 *        going down)
 *
 * Cards are 200 × 140 and a theme's title block 432 × 56 (as the tablet draws them).
 */

/** A concern card's size on the board. */
export const NoteSize = { w: 200, h: 140 } as const;
/** A theme's title block. */
export const ThemeTitleSize = { w: 432, h: 56 } as const;

const GAP = 16;
const UNSORTED_COLUMNS = 3;
const UNSORTED_CELL = { w: 220, h: 160 };
const THEMES_X = 760;
/** Title block, a frame margin on both sides and a gap, so neighbouring theme frames never touch. */
const THEME_COLUMN_W = ThemeTitleSize.w + 3 * GAP;

/** The place of the `index`-th concern not placed by anyone (left area, three wide, so a small board fits a tablet). */
export function unsortedPosition(index: number): { x: number; y: number } {
  return { x: 40 + (index % UNSORTED_COLUMNS) * UNSORTED_CELL.w, y: 40 + Math.floor(index / UNSORTED_COLUMNS) * UNSORTED_CELL.h };
}

/** The place of the `index`-th theme (one row to the right of the unsorted concerns). */
export function themePosition(index: number): { x: number; y: number } {
  return { x: THEMES_X + index * THEME_COLUMN_W, y: 40 };
}

/** Where a concern filed under a theme goes: the next cell of a two-wide column under its title. */
export function slotInTheme(theme: { x: number; y: number }, notesAlready: number): { x: number; y: number } {
  const col = notesAlready % 2;
  const row = Math.floor(notesAlready / 2);
  return { x: theme.x + col * (NoteSize.w + GAP), y: theme.y + ThemeTitleSize.h + GAP + row * (NoteSize.h + GAP) };
}
