/**
 * Which leaves of the board document each role may write directly through Yjs.
 * The server's struct-level guard resolves every inserted or deleted item to a path and
 * asks `allowedLeaf`; the client uses the same table to decide what it may edit in place.
 */
import { ActionStatuses, isCoordinate, isIsoDate, type Phase } from './board-schema.ts';
import type { Role } from './roles.ts';

/** A resolved location in the board document. */
export type DocPath =
  /** A map value: root map, entry id, field. */
  | { kind: 'field'; root: string; entryId: string; field: string }
  /** A character run inside the Y.Text at root.entryId.field. */
  | { kind: 'text'; root: string; entryId: string; field: string };

/** What the guard needs to know about the board when it decides. */
export interface WriteContext {
  phase: Phase;
  locked: boolean;
}

type ValueCheck = (v: unknown) => boolean;

const maxShortText = 200;
const isShortString: ValueCheck = (v) => typeof v === 'string' && v.length <= maxShortText;
const isIdOrNull: ValueCheck = (v) => v === null || (typeof v === 'string' && v.length > 0 && v.length <= 64);

/**
 * Map fields moderators may set directly, each with the check its value must pass. A concern's
 * theme (`notes.<id>.clusterId`) is not among them: only `note:move` (and the merge and undo
 * commands) file a concern, because only a command can check that the theme exists and answer
 * NOT_FOUND; a guard refusing a stale offline write would refuse that client's sync for good.
 */
const moderatorFields: Record<string, Record<string, ValueCheck>> = {
  notes: { x: isCoordinate, y: isCoordinate },
  clusters: { title: isShortString, x: isCoordinate, y: isCoordinate },
  actions: {
    owner: isShortString,
    due: (v) => v === null || isIsoDate(v),
    status: (v) => typeof v === 'string' && (ActionStatuses as readonly string[]).includes(v),
    clusterId: isIdOrNull,
  },
};

/** Y.Text fields, by root, that may be edited character by character. */
const textFields: Record<string, string> = { actions: 'title' };

/** Longest a co-drafted text may grow to (characters). */
export const MaxDraftTextLength = 500;

/**
 * May `role` write anything through Yjs right now? Moderators always; residents only while they
 * co-draft action text (Act, board unlocked); the big screen never. Structs that name no place in
 * the document (GC and Skip) are allowed only to those who may write somewhere.
 */
export function mayWriteThroughYjs(role: Role, ctx: WriteContext): boolean {
  if (role === 'facilitator' || role === 'expert') return true;
  return role === 'resident' && ctx.phase === 'act' && !ctx.locked;
}

/**
 * May `role` write (insert at, or delete from) `path`? `value` is the inserted value for a
 * field write (undefined for a deletion or a text run).
 */
export function allowedLeaf(role: Role, path: DocPath, ctx: WriteContext, value?: unknown, isDelete = false): boolean {
  // Own-property lookups only: a field named `constructor` or `toString` must not find
  // Object.prototype's functions and pass as a value check.
  if (path.kind === 'text') {
    if (!Object.hasOwn(textFields, path.root) || textFields[path.root] !== path.field) return false;
    return mayWriteThroughYjs(role, ctx);
  }
  if (role !== 'facilitator' && role !== 'expert') return false;
  const fields = Object.hasOwn(moderatorFields, path.root) ? moderatorFields[path.root] : undefined;
  const check = fields && Object.hasOwn(fields, path.field) ? fields[path.field] : undefined;
  if (!check) return false;
  return isDelete || check(value);
}
