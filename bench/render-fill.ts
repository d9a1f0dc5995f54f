/**
 * Fills a board for the render benchmark: themes laid out on a grid, each with its share of
 * concerns in a grid under its title. Written server-side through the board's room in
 * batches (the socket rate limit would make thousands of note:add commands take minutes);
 * the tablet receives them over y-websocket exactly as it would receive anyone's concerns.
 */
import { writeNewCluster, writeNewNote } from '../shared/board-doc.ts';
import { NoteColors } from '../shared/board-schema.ts';
import type { YishiApp } from '../server/app.ts';
import { newId } from '../server/ids.ts';

const CELL_W = 220;
const CELL_H = 160;
const TITLE_H = 80;
const THEME_GAP = 120;
const BATCH = 250;

const words = [
  'The lift', 'Bins', 'The back door', 'Street lights', 'The courtyard', 'Parking', 'Stairwell lights', 'The bike shed',
  'Noise at night', 'The playground', 'Water pressure', 'Parcel lockers', 'The gate', 'Benches', 'Dog waste', 'Heating',
];
const tails = [
  'breaks down every week and older neighbours are stuck upstairs',
  'overflow on Mondays',
  'has no ramp for wheelchairs and prams',
  'are off after ten, people feel unsafe walking home',
  'needs more shade in summer',
  'is full of delivery vans during the day',
  'should be fixed before winter',
  '需要尽快修理，老人上下楼很不方便',
];

/** Where each theme sits and how many concerns it gets. */
function plan(notes: number, themes: number): { x: number; y: number; count: number; cols: number }[] {
  const per = Math.ceil(notes / themes);
  const cols = Math.max(1, Math.ceil(Math.sqrt(per * (CELL_H / CELL_W))));
  const rows = Math.ceil(per / cols);
  const w = cols * CELL_W + THEME_GAP;
  const h = TITLE_H + rows * CELL_H + THEME_GAP;
  // Themes on a grid about as wide as a tablet's board view (landscape-ish).
  const themeCols = Math.max(1, Math.round(Math.sqrt(themes * 1.2 * (h / w))));
  const out: { x: number; y: number; count: number; cols: number }[] = [];
  let left = notes;
  for (let i = 0; i < themes; i++) {
    const count = Math.min(per, left);
    left -= count;
    out.push({ x: (i % themeCols) * w, y: Math.floor(i / themeCols) * h, count, cols });
  }
  return out;
}

/** Writes `themes` themes and `notes` concerns to the board; resolves once they are durable. */
export async function fillBoard(app: YishiApp, sessionId: string, boardId: string, authorId: string, notes: number, themes: number): Promise<void> {
  const room = await app.rooms.get(boardId, sessionId);
  const layout = plan(notes, themes);
  const now = Date.now();
  const themeIds = layout.map(() => newId());
  await room.serverChange((doc) => {
    layout.forEach((t, i) => writeNewCluster(doc, { id: themeIds[i]!, title: `Theme ${i + 1}: ${words[i % words.length]}`, x: t.x, y: t.y, createdAt: now + i }));
  });
  const all: Parameters<typeof writeNewNote>[1][] = [];
  let k = 0;
  layout.forEach((t, i) => {
    for (let j = 0; j < t.count; j++, k++) {
      all.push({
        id: newId(),
        text: `${words[(k * 7) % words.length]} ${tails[k % tails.length]} (#${k + 1})`,
        authorId,
        x: t.x + (j % t.cols) * CELL_W,
        y: t.y + TITLE_H + Math.floor(j / t.cols) * CELL_H,
        clusterId: themeIds[i]!,
        createdAt: now + k,
        color: NoteColors[k % NoteColors.length]!,
      });
    }
  });
  for (let i = 0; i < all.length; i += BATCH) {
    const batch = all.slice(i, i + BATCH);
    await room.serverChange((doc) => {
      for (const n of batch) writeNewNote(doc, n);
    });
  }
}
