/**
 * Tokens this device holds, one per session, in localStorage: a reload (or a phone
 * that slept) comes back as the same participant instead of joining twice.
 */
import type { BoardSummary } from '../../shared/http-api.ts';
import type { Role } from '../../shared/roles.ts';
import { normalizeJoinCode } from '../../shared/join-code.ts';

/** What this device remembers about one session it joined or created. */
export interface StoredSession {
  sessionId: string;
  token: string;
  participantId: string;
  role: Role;
  title: string;
  /** Known when this device typed it or created the session. */
  joinCode?: string;
  /** The board to open when coming back. */
  boardId?: string;
  /**
   * Set for a second identity this browser keeps beside its own: `screen` is the big-screen
   * token a facilitator's console made for a window it opened (same origin, same localStorage),
   * kept under its own key so it never replaces the facilitator's token.
   */
  slot?: SessionSlot;
  /**
   * The session's boards as last heard from the server: opened offline, the tablet still knows
   * the plenary (the way back from a group) and the other groups. Read with `storedBoards`.
   */
  boards?: unknown;
  savedAt: number;
}

/** A second identity kept beside the device's own in one session (see `StoredSession.slot`). */
export type SessionSlot = 'screen';

/** Where an identity is kept in the stored map: the session id, or `<slot>:<sessionId>`. */
function storeKey(sessionId: string, slot?: SessionSlot): string {
  return slot ? `${slot}:${sessionId}` : sessionId;
}

const STORAGE_KEY = 'yishi.sessions';

function isStoredSession(v: unknown): v is StoredSession {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.sessionId === 'string' && typeof o.token === 'string' && typeof o.participantId === 'string'
    && typeof o.role === 'string' && typeof o.title === 'string';
}

function readAll(): Record<string, StoredSession> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}');
    if (typeof parsed !== 'object' || parsed === null) return {};
    const out: Record<string, StoredSession> = {};
    for (const [id, value] of Object.entries(parsed)) if (isStoredSession(value)) out[id] = value;
    return out;
  } catch {
    return {};
  }
}

function writeAll(all: Record<string, StoredSession>): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(all));
  } catch {
    // storage full or disabled: this tab still works, a reload will ask to join again
  }
}

/** Remembers (or replaces) this device's identity in a session. */
export function saveSession(session: Omit<StoredSession, 'savedAt'>): void {
  const all = readAll();
  const joinCode = session.joinCode ? normalizeJoinCode(session.joinCode) : undefined;
  const key = storeKey(session.sessionId, session.slot);
  // The remembered boards stay unless the caller brings its own.
  all[key] = { boards: all[key]?.boards, ...session, joinCode, savedAt: Date.now() };
  writeAll(all);
}

/** This device's identity in a session (or the one kept in `slot`), if it has one. */
export function getSession(sessionId: string, slot?: SessionSlot): StoredSession | null {
  return readAll()[storeKey(sessionId, slot)] ?? null;
}

/** The session this device joined with `joinCode`, if any (the code is compared normalised). */
export function findSessionByJoinCode(joinCode: string): StoredSession | null {
  const code = normalizeJoinCode(joinCode);
  if (!code) return null;
  const matches = Object.values(readAll()).filter((s) => s.joinCode === code && !s.slot);
  return matches.sort((a, b) => b.savedAt - a.savedAt)[0] ?? null;
}

const isBoardSummary = (b: unknown): b is BoardSummary => {
  if (typeof b !== 'object' || b === null) return false;
  const o = b as Record<string, unknown>;
  return typeof o.id === 'string' && typeof o.title === 'string' && (o.kind === 'plenary' || o.kind === 'breakout');
};

/** The boards remembered for a session (`[]` when none, or when what is stored is not a board list). */
export function storedBoards(sessionId: string): BoardSummary[] {
  const boards = getSession(sessionId)?.boards;
  return Array.isArray(boards) && boards.every(isBoardSummary) ? boards.map(({ id, title, kind }) => ({ id, title, kind })) : [];
}

/** Remembers the session's boards with this device's identity in it (nothing if it holds none). */
export function rememberBoards(sessionId: string, boards: readonly BoardSummary[]): void {
  const all = readAll();
  const entry = all[sessionId];
  if (!entry) return;
  all[sessionId] = { ...entry, boards: boards.map(({ id, title, kind }) => ({ id, title, kind })) };
  writeAll(all);
}

/** Forgets a session's token, or the one kept in `slot` (after the server said it is no longer valid, say). */
export function forgetSession(sessionId: string, slot?: SessionSlot): void {
  const all = readAll();
  const key = storeKey(sessionId, slot);
  if (!(key in all)) return;
  delete all[key];
  writeAll(all);
}
