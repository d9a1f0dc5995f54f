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
import { TITLE_TAB_PX, detailAt, gistType, themeTitleType, titleFits } from './board-legibility.ts';
import type { Detail } from './board-legibility.ts';
import { MoveToTheme } from './move-to-theme.tsx';
import { NoteCard } from './note-card.tsx';
import { SortList } from './sort-list.tsx';
import type { TabletModel } from './tablet-model.ts';

/** Above this many concerns, only those near the view are drawn as cards, and from far out all are one picture. */
const CULL_ABOVE = 300;

const intersects = (a: Rect, b: Rect): boolean => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

export function BoardView({ tablet, token }: { tablet: TabletModel; token: string }) {
  const viewport = useModel(() => {
    const v = new BoardViewport();
    v.headroom = TITLE_TAB_PX;
    return v;
  });
  const box = useRef<HTMLDivElement>(null);
  const world = useRef<HTMLDivElement>(null);
  const hover = useSignal<string | null>(null);
  const [moving, setMoving] = useState<string | null>(null);
  // The list in large type, or the board to pan and zoom.
  const [view, setView] = useState<'board' | 'list'>('board');
  const board = tablet.board;
  const notes = board.notes.value;
  const clusters = board.clusters.value;
  const sortable = tablet.may('note:move');
  const regions = themeRegions(clusters, notes);
  const me = tablet.actor.participantId;
  const spot = board.spotlight.value;

  // The gestures read the latest board through this ref (bound once per viewport element).
  const bounds = contentBounds(clusters, notes);
  // Further out than whole cards, a theme's title is a tab above its frame: a card dropped on the tab goes into the theme.
  const tabBoardPx = detailAt(viewport.scale.value) === 'cards' ? 0 : TITLE_TAB_PX / viewport.scale.value;
  const dropRegions = tabBoardPx === 0 ? regions : regions.map((r) => ({ ...r, y: r.y - tabBoardPx, h: r.h + tabBoardPx }));
  const live = useRef({ notes, regions, dropRegions, sortable, bounds });
  live.current = { notes, regions, dropRegions, sortable, bounds };

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
      regions: () => live.current.dropRegions,
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
  // What the zoom leaves readable (board-legibility.ts): whole cards, their gist, or a summary.
  const scale = viewport.scale.value;
  const detail = detailAt(scale);
  const gist = gistType(scale);
  // A theme brought up close shows its title and first concerns (a long theme's middle would show neither).
  const zoomTo = (r: Rect): void => viewport.centerOn({ ...r, h: Math.min(r.h, 420) }, 1);
  const unlabelled = detail === 'cards' ? [] : regions.filter((r) => !titleFits(r.w, scale));

  return (
    <section class="tboard" aria-labelledby="tboard-heading">
      <div class="tboard__bar">
        <h2 id="tboard-heading">{t('tablet.board.heading')}</h2>
        <div class="tboard__views" role="group" aria-label={t('tablet.board.view')}>
          <button type="button" aria-pressed={view === 'board'} onClick={() => setView('board')}>
            {t('tablet.board.viewBoard')}
          </button>
          <button type="button" aria-pressed={view === 'list'} onClick={() => setView('list')}>
            {t('tablet.board.viewList')}
          </button>
        </div>
        {view === 'board' && (
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
        )}
      </div>
      {sortable ? (
        // The list says how to sort in it.
        view === 'board' && <p class="tboard__sort">{t('tablet.board.sortHint')}</p>
      ) : (
        // Sorting is the facilitator's in this step (residentsSort off): a drag only pans, so say why.
        board.phase.value === 'cluster' && !board.settings.value.residentsSort && <p class="tboard__sort" role="note">{t('tablet.board.sortFacilitatorOnly')}</p>
      )}
      {view === 'list' && <SortList notes={notes} themes={clusters} sortable={sortable} me={me} spot={spot} onMove={choose} />}
      {view === 'board' && detail !== 'cards' && notes.length > 0 && <p class="tboard__far">{t('tablet.board.tooSmall')}</p>}
      {view === 'board' && unlabelled.length > 0 && (
        // Frames too narrow on screen for a readable title: their names here, each bringing its theme up close.
        <ul class="tboard__legend" aria-label={t('tablet.board.legend')}>
          {unlabelled.map((r) => (
            <li key={r.id}>
              <button type="button" onClick={() => zoomTo(r)}>
                {/* One span: a button lays out its children as flex items, which would drop the space. */}
                <span>
                  {r.title} <span class="tcount">{t('tablet.board.themeCount', { n: r.count })}</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {/* Empty, the board is a short strip (and needs no help to move around): a 60 vh blank would push open space far below it. */}
      <div ref={box} class={`tboard__viewport${empty ? ' is-empty' : ''}`} hidden={view === 'list'} tabIndex={0} role="region" aria-label={t('tablet.board.region')} aria-describedby={empty ? undefined : 'tboard-help'}>
        <div ref={world} class="tboard__world">
          <div
            class={`tboard__sheet is-${detail}`}
            style={`left: ${sheet.x}px; top: ${sheet.y}px; width: ${sheet.w}px; height: ${sheet.h}px; --gist-px: ${gist.px}px; --gist-lines: ${gist.lines}; --screen-px: ${1 / scale}px`}
          >
            <div class="tboard__origin" style={`left: ${-sheet.x}px; top: ${-sheet.y}px`}>
              <ThemeFrames regions={regions} hover={hover} spot={spot} scale={scale} detail={detail} onZoom={zoomTo} />
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
        <p id="tboard-help" class="hint" hidden={view === 'list'}>
          {t('tablet.board.help')}
        </p>
      )}
      <MoveToTheme note={movingNote} themes={clusters} onChoose={(id, theme) => void choose(id, theme)} onClose={() => setMoving(null)} />
    </section>
  );
}

/**
 * Theme frames; only this re-renders while a dragged card hovers over them. Titles keep a
 * readable size on screen at any zoom (two lines at most). Further out than whole cards, a
 * title grows past the room above the theme's first cards, so it sits on the frame as a tab
 * (BoardViewport.headroom keeps room for it above the board) and is a button that brings the
 * theme up close.
 */
function ThemeFrames({ regions, hover, spot, scale, detail, onZoom }: {
  regions: readonly ThemeRegion[];
  hover: Signal<string | null>;
  spot: string | null;
  scale: number;
  detail: Detail;
  onZoom: (r: Rect) => void;
}) {
  const over = hover.value;
  const title = themeTitleType(scale);
  return (
    <ul class="tboard__themes" aria-label={t('tablet.board.themes')}>
      {regions.map((r) => {
        // Too narrow on screen for a readable title: the legend above the board names it (screen readers still get it here).
        const fits = detail === 'cards' || titleFits(r.w, scale);
        const words = (
          <span class="ttheme__words">
            {r.title} <span class="tcount">{t('tablet.board.themeCount', { n: r.count })}</span>
          </span>
        );
        return (
          <li
            key={r.id}
            data-theme={r.id}
            class={`ttheme${over === r.id ? ' is-over' : ''}${spot === r.id ? ' is-spot' : ''}`}
            style={`left: ${r.x}px; top: ${r.y}px; width: ${r.w}px; height: ${r.h}px; --title-px: ${title.px}px; --tap-board: ${48 / scale}px`}
          >
            <h3 class={!fits ? 'visually-hidden' : detail === 'cards' ? 'ttheme__title' : 'ttheme__title ttheme__title--tab'}>
              {detail === 'cards' || !fits ? (
                words
              ) : (
                <button type="button" class="ttheme__zoom" aria-description={t('tablet.board.themeZoom', { theme: r.title })} onClick={() => onZoom(r)}>
                  {words}
                </button>
              )}
            </h3>
          </li>
        );
      })}
    </ul>
  );
}
