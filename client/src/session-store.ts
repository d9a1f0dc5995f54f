/**
 * Tokens this device holds, one per session, in localStorage: a reload (or a phone
 * that slept) comes back as the same participant instead of joining twice.
 */
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
  savedAt: number;
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
  all[session.sessionId] = { ...session, joinCode, savedAt: Date.now() };
  writeAll(all);
}

/** This device's identity in a session, if it has one. */
export function getSession(sessionId: string): StoredSession | null {
  return readAll()[sessionId] ?? null;
}

/** The session this device joined with `joinCode`, if any (the code is compared normalised). */
export function findSessionByJoinCode(joinCode: string): StoredSession | null {
  const code = normalizeJoinCode(joinCode);
  if (!code) return null;
  const matches = Object.values(readAll()).filter((s) => s.joinCode === code);
  return matches.sort((a, b) => b.savedAt - a.savedAt)[0] ?? null;
}

/** Forgets a session's token (after the server said it is no longer valid, say). */
export function forgetSession(sessionId: string): void {
  const all = readAll();
  if (!(sessionId in all)) return;
  delete all[sessionId];
  writeAll(all);
}
