/**
 * The board with its themes and concerns at their places, to pan and zoom (fingers, mouse
 * wheel, buttons, arrow keys) and, while sorting is allowed, to drag concerns into themes.
 */
import { useComputed, useSignal } from '@preact/signals';
import type { Signal } from '@preact/signals';
import { useEffect, useRef, useState } from 'preact/hooks';
import { locale, t } from '../i18n.ts';
import type { NoteView } from '../model/board-model.ts';
import { useModel } from '../use-model.ts';
import { NOTE_W, THEME_TITLE_H, THEME_TITLE_W, boardCoordinate, contentBounds, noteRect, paintSheet, slotInTheme, themeRegions, unsortedPosition } from './board-layout.ts';
import type { Rect, ThemeRegion } from './board-layout.ts';
import { bindBoardGestures } from './board-gestures.ts';
import type { GestureHost } from './board-gestures.ts';
import { CardsPicture, NotesForReaders } from './board-canvas.tsx';
import { BoardViewport, FAR_SCALE } from './board-viewport.ts';
import { MoveToTheme } from './move-to-theme.tsx';
import { NoteCard } from './note-card.tsx';
import type { TabletModel } from './tablet-model.ts';

/** Above this many concerns, only those near the view are drawn as cards, and from far out all are one picture. */
const CULL_ABOVE = 300;

const intersects = (a: Rect, b: Rect): boolean => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

export function BoardView({ tablet, token }: { tablet: TabletModel; token: string }) {
  const viewport = useModel(() => new BoardViewport());
  const box = useRef<HTMLDivElement>(null);
  const world = useRef<HTMLDivElement>(null);
  const hover = useSignal<string | null>(null);
  const [moving, setMoving] = useState<string | null>(null);
  const board = tablet.board;
  const notes = board.notes.value;
  const clusters = board.clusters.value;
  const sortable = tablet.may('note:move');
  const regions = themeRegions(clusters, notes);
  const me = tablet.actor.participantId;
  const spot = board.spotlight.value;

  // The gestures read the latest board through this ref (bound once per viewport element).
  const bounds = contentBounds(clusters, notes);
  const live = useRef({ notes, regions, sortable, bounds });
  live.current = { notes, regions, sortable, bounds };

  // Which part of the board to draw: all of it, or (big boards, zoomed in) a window around the
  // view snapped to half-views, so the drawn set changes only after a pan of half a screen.
  const cull = useComputed<string | null>(() => {
    const v = viewport.view.value;
    if (live.current.notes.length <= CULL_ABOVE) return null;
    const sx = v.w / 2;
    const sy = v.h / 2;
    const win = { x: Math.floor((v.x - sx) / sx) * sx, y: Math.floor((v.y - sy) / sy) * sy, w: v.w * 2 + sx, h: v.h * 2 + sy };
    const b = live.current.bounds;
    const all = win.x <= b.x && win.y <= b.y && win.x + win.w >= b.x + b.w && win.y + win.h >= b.y + b.h;
    // A string, so an unchanged window compares equal and nothing re-renders.
    return all ? null : `${win.x} ${win.y} ${win.w} ${win.h}`;
  });

  const rectOfId = (id: string): Rect | null => {
    const n = live.current.notes.find((x) => x.id === id);
    if (n) return noteRect(n);
    return live.current.regions.find((r) => r.id === id) ?? null;
  };

  const drop = async (noteId: string, x: number, y: number, themeId: string | null): Promise<void> => {
    // A card dropped on a theme's title goes just under it, so the title stays readable.
    const theme = themeId ? board.clusters.value.find((c) => c.id === themeId) : null;
    if (theme && y < theme.y + THEME_TITLE_H && x + NOTE_W > theme.x && x < theme.x + THEME_TITLE_W) y = theme.y + THEME_TITLE_H + 8;
    const ack = await tablet.run('note:move', { boardId: tablet.boardId, noteId, x: boardCoordinate(x), y: boardCoordinate(y), clusterId: themeId });
    if (!ack.ok) {
      // Put the card back where the board says it is.
      const el = world.current?.querySelector<HTMLElement>(`[data-note="${CSS.escape(noteId)}"]`);
      if (el) el.style.transform = '';
    } else {
      const title = themeId ? live.current.regions.find((r) => r.id === themeId)?.title : null;
      tablet.say('ok', title ? 'tablet.move.done' : 'tablet.move.doneOut', { theme: title ?? '' });
    }
  };

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    viewport.attach(world.current);
    const measure = (): void => viewport.resize(el.clientWidth, el.clientHeight);
    measure();
    const ro = typeof ResizeObserver === 'function' ? new ResizeObserver(measure) : null;
    ro?.observe(el);
    const host: GestureHost = {
      viewport,
      canDrag: () => live.current.sortable,
      notePosition: (id) => live.current.notes.find((n) => n.id === id) ?? null,
      regions: () => live.current.regions,
      hover: (id) => (hover.value = id),
      tap: (id) => setMoving(id),
      drop: (id, x, y, themeId) => void drop(id, x, y, themeId),
      fitAll: () => viewport.fit(contentBounds(board.clusters.value, live.current.notes)),
      rectOf: (target) => {
        const holder = target.closest<HTMLElement>('[data-note], [data-theme]');
        const id = holder?.dataset.note ?? holder?.dataset.theme;
        return id ? rectOfId(id) : null;
      },
    };
    const unbind = bindBoardGestures(el, host);
    return () => {
      unbind();
      ro?.disconnect();
      viewport.attach(null);
    };
  }, [viewport]);

  // Show the whole board as it grows, until the reader moves it themselves.
  useEffect(() => {
    if (notes.length + clusters.length > 0) viewport.follow(bounds);
  }, [bounds.x, bounds.y, bounds.w, bounds.h]);

  // The spotlight (or "Show me") brings the item into view.
  const request = tablet.showOnBoard.value;
  useEffect(() => {
    const id = request?.id ?? spot;
    const r = id ? rectOfId(id) : null;
    if (r) viewport.centerOn(r, 0.6);
  }, [spot, request?.seq]);

  // A big board seen from far out is one picture (board-canvas.tsx); zoomed in, real cards.
  const far = notes.length > CULL_ABOVE && viewport.scale.value < FAR_SCALE;
  const win = cull.value?.split(' ').map(Number);
  const drawn: Rect | null = win ? { x: win[0]!, y: win[1]!, w: win[2]!, h: win[3]! } : null;
  const shown = far ? [] : drawn === null ? notes : notes.filter((n) => intersects(noteRect(n), drawn));
  const empty = notes.length === 0 && clusters.length === 0;
  const movingNote = moving ? (notes.find((n) => n.id === moving) ?? null) : null;
  const choose = async (noteId: string, themeId: string | null): Promise<void> => {
    setMoving(null);
    const theme = themeId ? clusters.find((c) => c.id === themeId) : null;
    const note = notes.find((n) => n.id === noteId);
    if (!note) return;
    // Out of a theme, a card goes back to the unsorted area rather than staying inside the frame.
    const pos = theme
      ? slotInTheme(theme, notes.filter((n) => n.clusterId === theme.id && n.id !== noteId).length)
      : note.clusterId ? unsortedPosition(notes.filter((n) => !n.clusterId).length) : { x: note.x, y: note.y };
    await drop(noteId, pos.x, pos.y, themeId);
  };
  const lang = locale.value;
  const sheet = paintSheet(bounds);

  return (
    <section class="tboard" aria-labelledby="tboard-heading">
      <div class="tboard__bar">
        <h2 id="tboard-heading">{t('tablet.board.heading')}</h2>
        <div class="tboard__zoom" role="group" aria-label={t('tablet.board.zoom')}>
          <button type="button" aria-label={t('tablet.board.zoomOut')} onClick={() => viewport.zoomAt(0.8)}>
            −
          </button>
          <button type="button" aria-label={t('tablet.board.zoomIn')} onClick={() => viewport.zoomAt(1.25)}>
            +
          </button>
          <button type="button" onClick={() => viewport.fit(bounds)}>
            {t('tablet.board.fit')}
          </button>
        </div>
      </div>
      {sortable ? (
        <p class="tboard__sort">{t('tablet.board.sortHint')}</p>
      ) : (
        // Sorting is the facilitator's in this step (residentsSort off): a drag only pans, so say why.
        board.phase.value === 'cluster' && !board.settings.value.residentsSort && <p class="tboard__sort" role="note">{t('tablet.board.sortFacilitatorOnly')}</p>
      )}
      {/* Empty, the board is a short strip (and needs no help to move around): a 60 vh blank would push open space far below it. */}
      <div ref={box} class={`tboard__viewport${empty ? ' is-empty' : ''}`} tabIndex={0} role="region" aria-label={t('tablet.board.region')} aria-describedby={empty ? undefined : 'tboard-help'}>
        <div ref={world} class="tboard__world">
          <div class="tboard__sheet" style={`left: ${sheet.x}px; top: ${sheet.y}px; width: ${sheet.w}px; height: ${sheet.h}px`}>
            <div class="tboard__origin" style={`left: ${-sheet.x}px; top: ${-sheet.y}px`}>
              <ThemeFrames regions={regions} hover={hover} spot={spot} />
              {far ? (
                <CardsPicture notes={notes} bounds={bounds} scale={viewport.scale.value} me={me} spot={spot} />
              ) : (
                <ul class="tboard__notes" aria-label={t('tablet.board.notes')}>
                  {shown.map((n: NoteView) => (
                    <NoteCard key={n.id} note={n} mine={n.authorId === me} spot={n.id === spot} sortable={sortable} token={token} onMove={setMoving} lang={lang} />
                  ))}
                </ul>
              )}
            </div>
          </div>
        </div>
        {far && <NotesForReaders notes={notes} me={me} />}
        {empty && <p class="tboard__empty">{t('tablet.board.empty')}</p>}
      </div>
      {!empty && (
        <p id="tboard-help" class="hint">
          {t('tablet.board.help')}
        </p>
      )}
      <MoveToTheme note={movingNote} themes={clusters} onChoose={(id, theme) => void choose(id, theme)} onClose={() => setMoving(null)} />
    </section>
  );
}

/** Theme frames; only this re-renders while a dragged card hovers over them. */
function ThemeFrames({ regions, hover, spot }: { regions: readonly ThemeRegion[]; hover: Signal<string | null>; spot: string | null }) {
  const over = hover.value;
  return (
    <ul class="tboard__themes" aria-label={t('tablet.board.themes')}>
      {regions.map((r) => (
        <li
          key={r.id}
          data-theme={r.id}
          class={`ttheme${over === r.id ? ' is-over' : ''}${spot === r.id ? ' is-spot' : ''}`}
          style={`left: ${r.x}px; top: ${r.y}px; width: ${r.w}px; height: ${r.h}px`}
        >
          <h3 class="ttheme__title">
            {r.title} <span class="tcount">{t('tablet.board.themeCount', { n: r.count })}</span>
          </h3>
        </li>
      ))}
    </ul>
  );
}
