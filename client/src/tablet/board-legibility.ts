/**
 * How much of the board to draw at a zoom so that no word on screen is smaller than a resident
 * can read (issue 17.1: never below ~14 px). Close up, whole cards; further out, each card's
 * first words in type scaled up to stay readable (a gist); further still, cards without words
 * and every theme's title and count in readable type (a summary). Pure (no DOM).
 */
import { NoteSize } from '../../../shared/board-placement.ts';

/** The smallest text on screen, in CSS pixels. */
export const MIN_TEXT_PX = 14;
/** The smallest text on a whole card, in board pixels (tablet.css: .tnote and everything in it). */
export const CARD_TEXT_PX = 16;
/** At or above this zoom whole cards are drawn: their smallest text is at least MIN_TEXT_PX on screen. */
export const READ_SCALE = MIN_TEXT_PX / CARD_TEXT_PX;
/** Below this zoom a card is too small on screen for even one readable line: no words at all. */
export const GIST_SCALE = 0.4;
/** A gist's words and a theme title's size on screen, in CSS pixels. */
const GIST_TEXT_PX = 15;
const TITLE_TEXT_PX = 20;
const LINE = 1.2;
/** A card's padding and border, top and bottom together (tablet.css .tnote), in board pixels. */
const CARD_PAD = 18;

/** What the board draws at a zoom. */
export type Detail = 'cards' | 'gist' | 'summary';

/** The level of detail at a zoom. */
export function detailAt(scale: number): Detail {
  if (scale >= READ_SCALE) return 'cards';
  return scale >= GIST_SCALE ? 'gist' : 'summary';
}

/** A gist's font size (board pixels) and how many of its lines fit on a card at the zoom. */
export function gistType(scale: number): { px: number; lines: number } {
  const px = GIST_TEXT_PX / scale;
  return { px, lines: Math.max(1, Math.floor((NoteSize.h - CARD_PAD) / (px * LINE))) };
}

/** A theme title's font size in board pixels (never below its close-up 24 px). */
export function themeTitleType(scale: number): { px: number } {
  return { px: Math.max(24, TITLE_TEXT_PX / Math.min(scale, 1)) };
}

/** Screen pixels kept above the board's content when it is fitted, for the themes' title tabs (two lines of 20 px). */
export const TITLE_TAB_PX = Math.ceil(2 * TITLE_TEXT_PX * LINE + 16);

/** A theme frame narrower than this on screen (CSS pixels) has no room for a readable title. */
export const LABEL_MIN_W = 120;

/** Whether a theme's title is drawn in its frame at the zoom (else the legend under the bar names it). */
export function titleFits(frameW: number, scale: number): boolean {
  return frameW * scale >= LABEL_MIN_W;
}
