/**
 * Touch, mouse and keyboard on the board: one finger (or the mouse) drags the board or, while
 * sorting is allowed, a concern; two fingers pinch; the wheel zooms; arrow keys pan and +/−
 * zoom. A dragged card is moved by its own style until it is dropped, so nothing re-renders
 * while a finger moves. Listens on the viewport element only (event delegation).
 */
import { NOTE_H, NOTE_W, themeAt } from './board-layout.ts';
import type { Rect, ThemeRegion } from './board-layout.ts';
import type { BoardViewport } from './board-viewport.ts';

/** What the gestures need from the board component. */
export interface GestureHost {
  viewport: BoardViewport;
  /** Whether concerns may be dragged into themes now (cluster phase, and allowed). */
  canDrag(): boolean;
  /** The board position of a concern, if it is on the board. */
  notePosition(id: string): { x: number; y: number } | null;
  regions(): readonly ThemeRegion[];
  /** Called with the theme under a dragged card as it changes (null: none). */
  hover(themeId: string | null): void;
  /** A card was tapped (not dragged) while sorting is allowed. */
  tap(noteId: string): void;
  /** A card was dropped at a board position, over a theme or not. */
  drop(noteId: string, x: number, y: number, themeId: string | null): void;
  /** Fit everything in view (key 0). */
  fitAll(): void;
  /** The board rectangle of a note or theme element that got keyboard focus. */
  rectOf(el: Element): Rect | null;
}

const DRAG_THRESHOLD = 8;
const KEY_PAN = 80;

interface NoteDrag {
  pointerId: number;
  id: string;
  el: HTMLElement;
  startX: number;
  startY: number;
  orig: { x: number; y: number };
  active: boolean;
  themeId: string | null;
}

/** Binds the gestures to `el`; call the returned function to unbind. */
export function bindBoardGestures(el: HTMLElement, host: GestureHost): () => void {
  const pointers = new Map<number, { x: number; y: number }>();
  let drag: NoteDrag | null = null;
  const vp = host.viewport;

  const local = (e: { clientX: number; clientY: number }): { x: number; y: number } => {
    const box = el.getBoundingClientRect();
    return { x: e.clientX - box.left, y: e.clientY - box.top };
  };

  const cancelDrag = (): void => {
    if (!drag) return;
    drag.el.classList.remove('is-dragging');
    drag.el.style.transform = '';
    host.hover(null);
    drag = null;
  };

  const onDown = (e: PointerEvent): void => {
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    const target = e.target as Element;
    if (target.closest('button, a, input, textarea, select, dialog')) return;
    pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    vp.held = true;
    el.setPointerCapture?.(e.pointerId);
    if (pointers.size > 1) {
      cancelDrag();
      return;
    }
    const card = target.closest<HTMLElement>('[data-note]');
    const id = card?.dataset.note;
    const pos = id ? host.notePosition(id) : null;
    if (card && id && pos && host.canDrag()) {
      drag = { pointerId: e.pointerId, id, el: card, startX: e.clientX, startY: e.clientY, orig: pos, active: false, themeId: null };
    }
  };

  const onMove = (e: PointerEvent): void => {
    const prev = pointers.get(e.pointerId);
    if (!prev) return;
    const next = { x: e.clientX, y: e.clientY };
    if (drag && drag.pointerId === e.pointerId) {
      const dx = e.clientX - drag.startX;
      const dy = e.clientY - drag.startY;
      if (!drag.active && Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
      if (!drag.active) {
        drag.active = true;
        drag.el.classList.add('is-dragging');
      }
      // An offset from the card's place (its left/top), so the re-render after the drop clears it.
      const scale = vp.current.scale;
      drag.el.style.transform = `translate(${dx / scale}px, ${dy / scale}px)`;
      const p = local(e);
      const at = vp.toBoard(p.x, p.y);
      const theme = themeAt(host.regions(), at.x, at.y)?.id ?? null;
      if (theme !== drag.themeId) {
        drag.themeId = theme;
        host.hover(theme);
      }
      pointers.set(e.pointerId, next);
      return;
    }
    if (pointers.size === 1) {
      vp.panBy(next.x - prev.x, next.y - prev.y);
    } else if (pointers.size === 2) {
      const other = [...pointers.entries()].find(([id]) => id !== e.pointerId)?.[1];
      if (other) {
        const before = Math.hypot(prev.x - other.x, prev.y - other.y);
        const after = Math.hypot(next.x - other.x, next.y - other.y);
        const box = el.getBoundingClientRect();
        const mid = { x: (next.x + other.x) / 2 - box.left, y: (next.y + other.y) / 2 - box.top };
        const midBefore = { x: (prev.x + other.x) / 2 - box.left, y: (prev.y + other.y) / 2 - box.top };
        vp.panBy(mid.x - midBefore.x, mid.y - midBefore.y);
        if (before > 0) vp.zoomAt(after / before, mid.x, mid.y);
      }
    }
    pointers.set(e.pointerId, next);
  };

  const onUp = (e: PointerEvent): void => {
    pointers.delete(e.pointerId);
    if (pointers.size === 0) vp.held = false;
    if (!drag || drag.pointerId !== e.pointerId) return;
    const d = drag;
    drag = null;
    if (!d.active) {
      if (e.type === 'pointerup') host.tap(d.id);
      return;
    }
    d.el.classList.remove('is-dragging');
    host.hover(null);
    if (e.type === 'pointercancel') {
      d.el.style.transform = '';
      return;
    }
    const scale = vp.current.scale;
    const x = d.orig.x + (e.clientX - d.startX) / scale;
    const y = d.orig.y + (e.clientY - d.startY) / scale;
    host.drop(d.id, x, y, d.themeId);
  };

  const onWheel = (e: WheelEvent): void => {
    e.preventDefault();
    const p = local(e);
    if (e.ctrlKey || Math.abs(e.deltaY) >= Math.abs(e.deltaX)) vp.zoomAt(Math.exp(-e.deltaY * 0.0015), p.x, p.y);
    else vp.panBy(-e.deltaX, 0);
  };

  const onKey = (e: KeyboardEvent): void => {
    if (e.target !== el) return;
    const keys: Record<string, () => void> = {
      ArrowLeft: () => vp.panBy(KEY_PAN, 0),
      ArrowRight: () => vp.panBy(-KEY_PAN, 0),
      ArrowUp: () => vp.panBy(0, KEY_PAN),
      ArrowDown: () => vp.panBy(0, -KEY_PAN),
      '+': () => vp.zoomAt(1.25),
      '=': () => vp.zoomAt(1.25),
      '-': () => vp.zoomAt(0.8),
      '0': () => host.fitAll(),
      Escape: cancelDrag,
    };
    const act = keys[e.key];
    if (!act) return;
    e.preventDefault();
    act();
  };

  // Focus moving to a card the browser would scroll into view: pan to it instead, and undo
  // the browser's scroll of the clipped viewport (it would shift everything under the transform).
  const onFocus = (e: FocusEvent): void => {
    const r = host.rectOf(e.target as Element);
    if (!r) return;
    const v = vp.view.value;
    const inView = r.x >= v.x && r.y >= v.y && r.x + r.w <= v.x + v.w && r.y + r.h <= v.y + v.h;
    if (!inView) vp.centerOn(r.w > 0 ? r : { ...r, w: NOTE_W, h: NOTE_H });
  };
  const onScroll = (): void => {
    el.scrollLeft = 0;
    el.scrollTop = 0;
  };

  el.addEventListener('pointerdown', onDown);
  el.addEventListener('pointermove', onMove);
  el.addEventListener('pointerup', onUp);
  el.addEventListener('pointercancel', onUp);
  el.addEventListener('wheel', onWheel, { passive: false });
  el.addEventListener('keydown', onKey);
  el.addEventListener('focusin', onFocus);
  el.addEventListener('scroll', onScroll);
  return () => {
    cancelDrag();
    el.removeEventListener('pointerdown', onDown);
    el.removeEventListener('pointermove', onMove);
    el.removeEventListener('pointerup', onUp);
    el.removeEventListener('pointercancel', onUp);
    el.removeEventListener('wheel', onWheel);
    el.removeEventListener('keydown', onKey);
    el.removeEventListener('focusin', onFocus);
    el.removeEventListener('scroll', onScroll);
  };
}
