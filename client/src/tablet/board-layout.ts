/**
 * Where things sit on the board, in board pixels: a concern is a fixed-size card at its x/y; a
 * theme is drawn as a frame around its title and its concerns, wherever they were put, so the
 * grouping shows whatever layout the facilitator or other tablets chose. Pure (no DOM).
 */
import type { ClusterFields } from '../../../shared/board-schema.ts';
import { MaxCoordinate } from '../../../shared/board-schema.ts';
import { NoteSize, ThemeTitleSize } from '../../../shared/board-placement.ts';
import type { NoteView } from '../model/board-model.ts';

/** A concern card's size (shared/board-placement.ts places cards and themes for these sizes). */
export const NOTE_W = NoteSize.w;
export const NOTE_H = NoteSize.h;
/** The title block at a theme's own x/y. */
export const THEME_TITLE_W = ThemeTitleSize.w;
export const THEME_TITLE_H = ThemeTitleSize.h;
const PAD = 16;

/** An axis-aligned rectangle. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A theme's frame on the board. */
export interface ThemeRegion extends Rect {
  id: string;
  title: string;
  count: number;
}

/** The smallest rectangle holding both. */
export function union(a: Rect, b: Rect): Rect {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y };
}

/** The card of a concern. */
export function noteRect(note: Pick<NoteView, 'x' | 'y'>): Rect {
  return { x: note.x, y: note.y, w: NOTE_W, h: NOTE_H };
}

/** Each theme's frame: its title block plus every concern filed under it, with a margin. */
export function themeRegions(clusters: readonly ClusterFields[], notes: readonly NoteView[]): ThemeRegion[] {
  const byId = new Map<string, { rect: Rect; count: number }>();
  for (const c of clusters) byId.set(c.id, { rect: { x: c.x, y: c.y, w: THEME_TITLE_W, h: THEME_TITLE_H }, count: 0 });
  for (const n of notes) {
    const entry = n.clusterId ? byId.get(n.clusterId) : undefined;
    if (!entry) continue;
    entry.rect = union(entry.rect, noteRect(n));
    entry.count++;
  }
  return clusters.map((c) => {
    const { rect, count } = byId.get(c.id)!;
    return { id: c.id, title: c.title, count, x: rect.x - PAD, y: rect.y - PAD, w: rect.w + 2 * PAD, h: rect.h + 2 * PAD };
  });
}

/** True when the point is inside the rectangle. */
export function contains(r: Rect, px: number, py: number): boolean {
  return px >= r.x && px <= r.x + r.w && py >= r.y && py <= r.y + r.h;
}

/** The theme under a board point (the smallest frame when frames overlap), or null. */
export function themeAt(regions: readonly ThemeRegion[], px: number, py: number): ThemeRegion | null {
  let best: ThemeRegion | null = null;
  for (const r of regions) {
    if (contains(r, px, py) && (!best || r.w * r.h < best.w * best.h)) best = r;
  }
  return best;
}

/** Everything on the board (empty board: a small default area). */
export function contentBounds(clusters: readonly ClusterFields[], notes: readonly NoteView[]): Rect {
  let out: Rect | null = null;
  for (const r of themeRegions(clusters, notes)) out = out ? union(out, r) : r;
  for (const n of notes) out = out ? union(out, noteRect(n)) : noteRect(n);
  return out ?? { x: 0, y: 0, w: 1000, h: 700 };
}

const clamp = (v: number): number => Math.max(-MaxCoordinate, Math.min(MaxCoordinate, Math.round(v)));

/** Where a concern goes when it is filed by tap: see shared/board-placement.ts. */
export { slotInTheme, unsortedPosition } from '../../../shared/board-placement.ts';

/** A board coordinate the server accepts (rounded, within ±100,000). */
export function boardCoordinate(v: number): number {
  return clamp(v);
}

const SHEET_MARGIN = 4000;
const SHEET_GRID = 1000;

/**
 * The board's paint area: the content with a wide margin (room to drag a card out), snapped
 * to a coarse grid so it rarely changes. Bounding what the browser paints (CSS containment on
 * it) lets it keep the cards it painted while the board pans, instead of repainting some of
 * them on every frame.
 */
export function paintSheet(b: Rect): Rect {
  const x = Math.floor((b.x - SHEET_MARGIN) / SHEET_GRID) * SHEET_GRID;
  const y = Math.floor((b.y - SHEET_MARGIN) / SHEET_GRID) * SHEET_GRID;
  const right = Math.ceil((b.x + b.w + SHEET_MARGIN) / SHEET_GRID) * SHEET_GRID;
  const bottom = Math.ceil((b.y + b.h + SHEET_MARGIN) / SHEET_GRID) * SHEET_GRID;
  return { x, y, w: right - x, h: bottom - y };
}

/** Caps on the far-out picture's pixels (a tablet's memory; software raster without a GPU). */
const MAX_SIDE = 4096;
const MAX_PIXELS = 8_000_000;

/**
 * Picture pixels per board pixel for the far-out board at a zoom: the screen's resolution at
 * that zoom rounded to a power of two (zooming a little does not redraw it), capped.
 */
export function pictureResolution(bounds: Rect, scale: number, dpr: number): number {
  const want = 2 ** Math.round(Math.log2(Math.max(scale * dpr, 1 / 64)));
  const cap = Math.min(MAX_SIDE / Math.max(bounds.w, 1), MAX_SIDE / Math.max(bounds.h, 1), Math.sqrt(MAX_PIXELS / Math.max(bounds.w * bounds.h, 1)));
  return Math.min(want, cap);
}
