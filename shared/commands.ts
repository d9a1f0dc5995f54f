/** Command payload schemas: one declaration gives the server's runtime check and the client's type. */
import { z } from 'zod';
import { ActionStatuses, MaxCoordinate, NoteColors, Phases } from './board-schema.ts';
import { EscalationStatuses } from './results.ts';
import { SettingsPatchSchema } from './settings.ts';
import type { CommandResults } from './command-results.ts';

const Id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'an id');
const Coordinate = z.number().finite().min(-MaxCoordinate).max(MaxCoordinate);

const Title = z.string().trim().min(1).max(200);
const Reason = z.string().trim().min(1).max(500);
const Key = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'an id');

/** Every command, by event name. */
export const CommandSchemas = {
  'note:add': z.object({
    boardId: Id, text: z.string().max(4000), color: z.enum(NoteColors).optional(), x: Coordinate.optional(), y: Coordinate.optional(),
    /** A moderator writing for a person without a device (a scribe): a new person by name, or one already scribed for. */
    onBehalfOf: z.union([z.object({ name: z.string().trim().min(1).max(60) }).strict(), z.object({ participantId: Id }).strict()]).optional(),
  }).strict(),
  'note:edit': z.object({ boardId: Id, noteId: Id, text: z.string().max(4000) }).strict(),
  'note:move': z.object({ boardId: Id, noteId: Id, x: Coordinate, y: Coordinate, clusterId: Id.nullable().optional() }).strict(),
  'note:delete': z.object({ boardId: Id, noteId: Id }).strict(),
  'cluster:add': z.object({ boardId: Id, title: Title, x: Coordinate, y: Coordinate }).strict(),
  'cluster:rename': z.object({ boardId: Id, clusterId: Id, title: Title }).strict(),
  'cluster:delete': z.object({ boardId: Id, clusterId: Id }).strict(),
  'cluster:merge': z.object({ boardId: Id, sourceId: Id, targetId: Id }).strict(),
  'action:add': z.object({ boardId: Id, title: z.string().trim().min(1).max(500), clusterId: Id.nullable().optional() }).strict(),
  'action:delete': z.object({ boardId: Id, actionId: Id }).strict(),
  'phase:set': z.object({ boardId: z.union([Id, z.literal('*')]), phase: z.enum(Phases), reason: Reason.optional() }).strict(),
  'settings:set': z.object({ boardId: Id.optional(), settings: SettingsPatchSchema }).strict(),
  'vote:cast': z.object({ boardId: Id, targetId: Key, onBehalfOf: Id.optional() }).strict(),
  'vote:retract': z.object({ boardId: Id, targetId: Key, onBehalfOf: Id.optional() }).strict(),
  'vote:mine': z.object({ boardId: Id, onBehalfOf: Id.optional() }).strict(),
  'vote:status': z.object({ boardId: Id }).strict(),
  'vote:reveal': z.object({ boardId: Id }).strict(),
  'vote:reopen': z.object({ boardId: Id }).strict(),
  'timer:start': z.object({ boardId: Id, seconds: z.number().int().min(1).max(4 * 3600) }).strict(),
  'timer:pause': z.object({ boardId: Id }).strict(),
  'timer:reset': z.object({ boardId: Id }).strict(),
  'spotlight:set': z.object({ boardId: Id, targetId: Key.nullable() }).strict(),
  'board:lock': z.object({ boardId: Id, locked: z.boolean() }).strict(),
  'board:bring': z.object({ boardId: Id }).strict(),
  'ready:set': z.object({ boardId: Id, ready: z.boolean() }).strict(),
  'participant:kick': z.object({ participantId: Id, reason: Reason.optional() }).strict(),
  'record:undo': z.object({ seq: z.number().int().min(1) }).strict(),
  'notes:held': z.object({ boardId: Id }).strict(),
  'notes:reveal': z.object({ boardId: Id }).strict(),
  'note:approve': z.object({ boardId: Id, noteId: Id }).strict(),
  'note:reject': z.object({ boardId: Id, noteId: Id, reason: Reason }).strict(),
  'note:hide': z.object({ boardId: Id, noteId: Id, reason: Reason }).strict(),
  'note:restore': z.object({ boardId: Id, noteId: Id }).strict(),
  'note:mergeInto': z.object({
    boardId: Id,
    noteIds: z.array(Id).min(1).max(50),
    into: z.union([z.object({ clusterId: Id }).strict(), z.object({ noteId: Id }).strict()]),
  }).strict(),
  'suggest:similar': z.object({ boardId: Id }).strict(),
  'session:joining': z.object({ open: z.boolean() }).strict(),
  'session:rotateCode': z.object({}).strict(),
  /** Deletes the whole session; the title, typed again, confirms it (also the body of DELETE /api/sessions/:id). */
  'session:delete': z.object({ confirmTitle: z.string().max(400) }).strict(),
  'topic:propose': z.object({ title: Title, description: z.string().trim().max(1000).optional() }).strict(),
  'topic:accept': z.object({ topicId: Id }).strict(),
  'topic:merge': z.object({ sourceId: Id, targetId: Id }).strict(),
  'topic:decline': z.object({ topicId: Id, reason: Reason.optional() }).strict(),
  'space:add': z.object({ label: z.string().trim().min(1).max(80) }).strict(),
  'slot:add': z.object({ label: z.string().trim().min(1).max(80) }).strict(),
  'agenda:place': z.object({ topicId: Id, spaceId: Id, slotId: Id }).strict(),
  'board:enter': z.object({ boardId: Id }).strict(),
  'session:converge': z.object({}).strict(),
  'advice:add': z.object({ boardId: Id, targetId: Id, text: z.string().trim().min(1).max(1000) }).strict(),
  'backchannel:send': z.object({ text: z.string().trim().min(1).max(1000) }).strict(),
  'backchannel:history': z.object({}).strict(),
  'facilitation:handover': z.object({ participantId: Id }).strict(),
  'session:publish': z.object({}).strict(),
  'session:unpublish': z.object({}).strict(),
  'action:update': z.object({ boardId: Id, actionId: Id, status: z.enum(ActionStatuses).optional(), note: z.string().trim().min(1).max(1000) }).strict(),
  /** `code` is the target session's escalation code (shown to its moderators in GET /api/me). */
  'item:escalate': z.object({ boardId: Id, kind: z.enum(['action', 'theme']), itemId: Id, code: z.string().trim().min(4).max(40) }).strict(),
  'escalation:update': z.object({ escalationId: Id, status: z.enum(EscalationStatuses), note: z.string().trim().max(1000).optional() }).strict(),
} as const;

/** A command's event name. */
export type CommandName = keyof typeof CommandSchemas;

/** A command's payload as a client sends it (before the schema's defaults and trimming). */
export type CommandPayload<N extends CommandName> = z.input<(typeof CommandSchemas)[N]>;

/** A command's payload as its handler gets it, parsed by its schema. */
export type ParsedPayload<N extends CommandName> = z.output<(typeof CommandSchemas)[N]>;

/** What a command answers on success; indexing fails to compile if a command has no entry in CommandResults. */
export type CommandResultOf<N extends CommandName> = CommandResults[N];

/** Trims a concern's text and checks its length; returns the text or a reason. */
export function cleanNoteText(raw: string, maxLength: number): { ok: true; text: string } | { ok: false; reason: string } {
  const text = raw.replace(/\r\n?/g, '\n').trim();
  if (text.length === 0) return { ok: false, reason: 'text: a concern cannot be empty' };
  if ([...text].length > maxLength) return { ok: false, reason: `text: at most ${maxLength} characters` };
  return { ok: true, text };
}
