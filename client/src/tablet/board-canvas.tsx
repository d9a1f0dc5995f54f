/**
 * A big board seen from far out: every concern drawn as a plain coloured card in ONE picture,
 * plus a list of the concerns for screen readers. Thousands of DOM cards cost the browser a
 * paint-layer walk (and, without a GPU, repaints) on every frame of a pan; one image is one
 * picture the compositor just moves. Words are unreadable at this zoom anyway; zooming in
 * brings back the real cards (board-view.tsx).
 */
import { useEffect, useRef } from 'preact/hooks';
import { NoteColors } from '../../../shared/board-schema.ts';
import { t } from '../i18n.ts';
import type { NoteView } from '../model/board-model.ts';
import { NOTE_H, NOTE_W, pictureResolution } from './board-layout.ts';
import type { Rect } from './board-layout.ts';

/** The cards' colours, as in tablet.css (.tnote--*). */
const FILL: Record<string, string> = {
  yellow: '#fff3a6', pink: '#ffd1dc', blue: '#cfe8ff', green: '#d4f5d0', orange: '#ffdcb3', purple: '#e6d6ff',
};
const ACCENT = '#1d4f4a';
const SPOT = '#f0b400';

/** Draws the cards (board coordinates, `bounds` at the canvas's top-left, `k` pixels each). */
export function drawCards(ctx: CanvasRenderingContext2D, notes: readonly NoteView[], bounds: Rect, k: number, me: string, spot: string | null): void {
  ctx.setTransform(k, 0, 0, k, -bounds.x * k, -bounds.y * k);
  ctx.clearRect(bounds.x, bounds.y, bounds.w, bounds.h);
  const byColor = new Map<string, NoteView[]>();
  for (const n of notes) {
    const c = (NoteColors as readonly string[]).includes(n.color) ? n.color : NoteColors[0];
    const list = byColor.get(c);
    if (list) list.push(n);
    else byColor.set(c, [n]);
  }
  // One path per colour: a few fills for thousands of cards.
  for (const [color, list] of byColor) {
    ctx.beginPath();
    for (const n of list) ctx.rect(n.x, n.y, NOTE_W, NOTE_H);
    ctx.fillStyle = FILL[color]!;
    ctx.fill();
  }
  ctx.lineWidth = 2;
  ctx.strokeStyle = 'rgb(0 0 0 / 0.25)';
  ctx.beginPath();
  for (const n of notes) ctx.rect(n.x, n.y, NOTE_W, NOTE_H);
  ctx.stroke();
  // Where the words are: three grey lines per card.
  ctx.fillStyle = 'rgb(0 0 0 / 0.22)';
  ctx.beginPath();
  for (const n of notes) for (let i = 0; i < 3; i++) ctx.rect(n.x + 14, n.y + 20 + i * 28, i === 2 ? 110 : 170, 12);
  ctx.fill();
  const ring = (color: string, width: number, list: readonly NoteView[]): void => {
    if (list.length === 0) return;
    ctx.lineWidth = width;
    ctx.strokeStyle = color;
    ctx.beginPath();
    for (const n of list) ctx.rect(n.x - width / 2, n.y - width / 2, NOTE_W + width, NOTE_H + width);
    ctx.stroke();
  };
  // Mine and the spotlit one stand out as they do on the real cards.
  ring(ACCENT, 12, notes.filter((n) => n.authorId === me));
  ring(SPOT, 24, spot ? notes.filter((n) => n.id === spot) : []);
}

interface Props {
  notes: readonly NoteView[];
  /** The board rectangle the canvas covers (all the concerns). */
  bounds: Rect;
  /** The zoom as last settled. */
  scale: number;
  me: string;
  spot: string | null;
}

/** A redrawn picture is encoded at most this often while the board keeps changing. */
const REDRAW_MS = 400;

/**
 * The far-out board: the cards drawn on a canvas that is turned into an image. A canvas on
 * the page would be copied to the compositor again on many frames of a pan (software
 * compositing, no GPU); an image is rasterised once into the board's layer and just moved.
 */
export function CardsPicture({ notes, bounds, scale, me, spot }: Props) {
  const ref = useRef<HTMLImageElement>(null);
  const last = useRef({ at: 0, url: null as string | null });
  const k = pictureResolution(bounds, scale, typeof devicePixelRatio === 'number' ? devicePixelRatio : 1);
  useEffect(() => {
    let stale = false;
    const draw = (): void => {
      const img = ref.current;
      const canvas = document.createElement('canvas');
      canvas.width = Math.ceil(bounds.w * k);
      canvas.height = Math.ceil(bounds.h * k);
      const ctx = canvas.getContext('2d');
      if (!img || !ctx) return;
      last.current.at = Date.now();
      drawCards(ctx, notes, bounds, k, me, spot);
      canvas.toBlob((blob) => {
        if (!blob || stale) return;
        const url = URL.createObjectURL(blob);
        img.onload = () => {
          // The old picture's memory goes once the new one is up.
          const old = last.current.url;
          last.current.url = url;
          if (old && old !== url) URL.revokeObjectURL(old);
          // The benchmark (and anyone curious) can tell when the picture holds every concern.
          img.dataset.drawn = String(notes.length);
        };
        img.src = url;
      });
    };
    // The first picture at once; while concerns keep moving, one picture per REDRAW_MS.
    const wait = last.current.at === 0 ? 0 : Math.max(0, last.current.at + REDRAW_MS - Date.now());
    const timer = setTimeout(draw, wait);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [notes, bounds.x, bounds.y, bounds.w, bounds.h, k, me, spot]);
  useEffect(() => () => {
    if (last.current.url) URL.revokeObjectURL(last.current.url);
  }, []);
  return <img ref={ref} class="tboard__picture" alt="" style={`left: ${bounds.x}px; top: ${bounds.y}px; width: ${bounds.w}px; height: ${bounds.h}px`} />;
}

/** Every concern's words, for screen readers, while the board shows them as plain cards. */
export function NotesForReaders({ notes, me }: { notes: readonly NoteView[]; me: string }) {
  return (
    <ul class="visually-hidden" aria-label={t('tablet.board.notes')}>
      {notes.map((n) => (
        <li key={n.id} data-note={n.id}>
          {n.text}
          {n.authorId === me && ` (${t('tablet.note.mine')})`}
        </li>
      ))}
    </ul>
  );
}
