/** Command payload schemas: one declaration gives the server's runtime check and the client's type. */
import { z } from 'zod';
import { MaxCoordinate, NoteColors, Phases } from './board-schema.ts';

const Id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'an id');
const Coordinate = z.number().finite().min(-MaxCoordinate).max(MaxCoordinate);

/** Every command, by event name. */
export const CommandSchemas = {
  'note:add': z.object({ boardId: Id, text: z.string().max(4000), color: z.enum(NoteColors).optional(), x: Coordinate.optional(), y: Coordinate.optional() }).strict(),
  'note:edit': z.object({ boardId: Id, noteId: Id, text: z.string().max(4000) }).strict(),
  'note:move': z.object({ boardId: Id, noteId: Id, x: Coordinate, y: Coordinate, clusterId: Id.nullable().optional() }).strict(),
  'note:delete': z.object({ boardId: Id, noteId: Id }).strict(),
  'phase:set': z.object({ boardId: z.union([Id, z.literal('*')]), phase: z.enum(Phases), reason: z.string().trim().min(1).max(500).optional() }).strict(),
} as const;

/** A command's event name. */
export type CommandName = keyof typeof CommandSchemas;

/** A command's parsed payload. */
export type CommandPayload<N extends CommandName> = z.output<(typeof CommandSchemas)[N]>;

/** Trims a concern's text and checks its length; returns the text or a reason. */
export function cleanNoteText(raw: string, maxLength: number): { ok: true; text: string } | { ok: false; reason: string } {
  const text = raw.replace(/\r\n?/g, '\n').trim();
  if (text.length === 0) return { ok: false, reason: 'text: a concern cannot be empty' };
  if ([...text].length > maxLength) return { ok: false, reason: `text: at most ${maxLength} characters` };
  return { ok: true, text };
}
