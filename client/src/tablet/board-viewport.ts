/**
 * Pan and zoom of the board: one transform on one element, written straight to its style on
 * the next animation frame, so moving the board never re-renders a single concern. `view`
 * (the visible board rectangle) is published only when a gesture settles, for the component
 * that decides which concerns to draw.
 */
import { signal } from '@preact/signals';
import type { Rect } from './board-layout.ts';

export const MIN_SCALE = 0.1;
export const MAX_SCALE = 2.5;
const SETTLE_MS = 150;
/** Below this zoom, cards are drawn without their words. */
export const FAR_SCALE = 0.3;

/** Pan (board pixels at the viewport's top-left corner, in screen pixels) and zoom. */
export interface ViewState {
  tx: number;
  ty: number;
  scale: number;
}

const clampScale = (s: number): number => Math.max(MIN_SCALE, Math.min(MAX_SCALE, s));

/** Owns the pan/zoom state of one board view. */
export class BoardViewport {
  /** The board rectangle in view, updated when a gesture settles (not on every frame). */
  readonly view = signal<Rect>({ x: 0, y: 0, w: 1000, h: 700 });
  /** The zoom as last settled (for the zoom buttons' state and the level of detail). */
  readonly scale = signal(1);

  private state: ViewState = { tx: 0, ty: 0, scale: 1 };
  private size = { w: 800, h: 600 };
  private world: HTMLElement | null = null;
  private frame = 0;
  private settleTimer: ReturnType<typeof setTimeout> | null = null;
  /** Until the reader pans or zooms, the view follows the content (shows it all as it grows). */
  private following = true;
  /** A finger or the mouse is on the board: do not move it underneath them. */
  held = false;
  /** Screen pixels kept free above the content by `fit` (for what is drawn above it, e.g. title tabs). */
  headroom = 0;

  /** The element the transform is written to. */
  attach(world: HTMLElement | null): void {
    this.world = world;
    this.paint();
  }

  /** The viewport's size in screen pixels (after layout or a resize). */
  resize(w: number, h: number): void {
    if (w <= 0 || h <= 0) return;
    this.size = { w, h };
    this.changed();
  }

  get current(): ViewState {
    return { ...this.state };
  }

  /** A screen point (relative to the viewport) in board coordinates. */
  toBoard(sx: number, sy: number): { x: number; y: number } {
    return { x: (sx - this.state.tx) / this.state.scale, y: (sy - this.state.ty) / this.state.scale };
  }

  panBy(dx: number, dy: number): void {
    this.following = false;
    this.state.tx += dx;
    this.state.ty += dy;
    this.changed();
  }

  /** Zooms by `factor` keeping the screen point (sx, sy) still (default: the centre). */
  zoomAt(factor: number, sx = this.size.w / 2, sy = this.size.h / 2): void {
    this.following = false;
    const next = clampScale(this.state.scale * factor);
    const k = next / this.state.scale;
    this.state = { scale: next, tx: sx - (sx - this.state.tx) * k, ty: sy - (sy - this.state.ty) * k };
    this.changed();
  }

  /** Shows the whole rectangle, centred, never zoomed in past 1. */
  fit(r: Rect, margin = 24): void {
    const top = this.headroom;
    const scale = clampScale(Math.min(1, (this.size.w - 2 * margin) / Math.max(r.w, 1), (this.size.h - 2 * margin - top) / Math.max(r.h, 1)));
    this.state = { scale, tx: (this.size.w - r.w * scale) / 2 - r.x * scale, ty: top + (this.size.h - top - r.h * scale) / 2 - r.y * scale };
    this.following = true;
    this.changed();
  }

  /** Shows all of `r` while the reader has not moved the board themselves ("Show all" resumes this). */
  follow(r: Rect): void {
    if (this.following && !this.held) this.fit(r);
  }

  /** Brings a board rectangle to the centre, zooming in to at least `minScale` to make it readable. */
  centerOn(r: Rect, minScale = 0.8): void {
    const scale = Math.max(this.state.scale, Math.min(minScale, MAX_SCALE));
    this.following = false;
    this.state = { scale, tx: this.size.w / 2 - (r.x + r.w / 2) * scale, ty: this.size.h / 2 - (r.y + r.h / 2) * scale };
    this.changed();
  }

  destroy(): void {
    if (this.frame && typeof cancelAnimationFrame === 'function') cancelAnimationFrame(this.frame);
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.world = null;
  }

  private changed(): void {
    if (!this.frame && typeof requestAnimationFrame === 'function') {
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.paint();
      });
    } else if (typeof requestAnimationFrame !== 'function') {
      this.paint();
    }
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      this.settleTimer = null;
      this.settle();
    }, SETTLE_MS);
  }

  private paint(): void {
    if (!this.world) return;
    const { tx, ty, scale } = this.state;
    this.world.style.transform = `translate(${tx}px, ${ty}px) scale(${scale})`;
    // Far out the words are too small to read: draw plain cards (much cheaper to paint).
    this.world.classList.toggle('is-far', scale < FAR_SCALE);
  }

  private settle(): void {
    const { tx, ty, scale } = this.state;
    this.view.value = { x: -tx / scale, y: -ty / scale, w: this.size.w / scale, h: this.size.h / scale };
    this.scale.value = scale;
  }
}
