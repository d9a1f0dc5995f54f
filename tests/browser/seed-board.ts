/**
 * A board filled through the server's own commands (as the facilitator, over Socket.IO): themes
 * in a row, concerns where the server and the tablets place them (shared/board-placement.ts),
 * some filed under the themes. Many connections at once for big boards (the command rate limit
 * is per connection).
 */
import { expect } from 'vitest';
import { slotInTheme, themePosition, unsortedPosition } from '../../shared/board-placement.ts';
import { command, connectSocket } from '../helpers/clients.ts';

/** What was put on the board. */
export interface SeededBoard {
  themes: { id: string; title: string }[];
  notes: { id: string; text: string; clusterId: string | null }[];
}

/**
 * Adds the themes, then `count` concerns; concern i goes under theme (i mod k) while i < sorted,
 * the rest stay unsorted.
 */
export async function seedBoard(base: string, facilitatorToken: string, boardId: string, opts: { themes: string[]; count: number; sorted: number; text: (i: number) => string }): Promise<SeededBoard> {
  const lanes = Math.min(40, Math.max(1, Math.ceil(opts.count / 50)));
  const sockets = await Promise.all(Array.from({ length: lanes }, () => connectSocket(base, facilitatorToken)));
  try {
    const themes: SeededBoard['themes'] = [];
    for (const [i, title] of opts.themes.entries()) {
      const at = themePosition(i);
      const ack = await command(sockets[0]!, 'cluster:add', { boardId, title, ...at });
      expect(ack.ok, JSON.stringify(ack.error)).toBe(true);
      themes.push({ id: String(ack.clusterId), title });
    }
    const notes: SeededBoard['notes'] = new Array(opts.count);
    const inTheme = themes.map(() => 0);
    const places = Array.from({ length: opts.count }, (_, i) => {
      const k = themes.length > 0 && i < opts.sorted ? i % themes.length : -1;
      if (k < 0) return { pos: unsortedPosition(i - Math.min(i, opts.sorted)), clusterId: null };
      const theme = themes[k]!;
      const slot = inTheme[k]!;
      inTheme[k] = slot + 1;
      return { pos: slotInTheme(themePosition(k), slot), clusterId: theme.id };
    });
    await Promise.all(sockets.map(async (sock, lane) => {
      for (let i = lane; i < opts.count; i += lanes) {
        const text = opts.text(i);
        const { pos, clusterId } = places[i]!;
        const added = await command(sock, 'note:add', { boardId, text, ...pos });
        expect(added.ok, JSON.stringify(added.error)).toBe(true);
        const id = String(added.noteId);
        if (clusterId) {
          const moved = await command(sock, 'note:move', { boardId, noteId: id, ...pos, clusterId });
          expect(moved.ok, JSON.stringify(moved.error)).toBe(true);
        }
        notes[i] = { id, text, clusterId };
      }
    }));
    return { themes, notes };
  } finally {
    for (const s of sockets) s.close();
  }
}
