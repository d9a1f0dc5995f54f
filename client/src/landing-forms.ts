/** Models behind the landing page: creating a consultation and joining one by code. */
import { computed, signal } from '@preact/signals';
import type { Signal } from '@preact/signals';
import type { CreateSessionResponse } from '../../shared/http-api.ts';
import { normalizeJoinCode } from '../../shared/join-code.ts';
import { ApiError, createSession, joinSession } from './api.ts';
import type { ApiErrorCode } from './api.ts';
import { locale } from './i18n.ts';
import { boardPath, navigate } from './route.ts';
import { findSessionByJoinCode, saveSession } from './session-store.ts';
import type { StoredSession } from './session-store.ts';

function errorCode(err: unknown): ApiErrorCode {
  return err instanceof ApiError ? err.code : 'INTERNAL';
}

/** The "start a consultation" form. */
export class CreateSessionForm {
  readonly title = signal('');
  /** Asked for only after the server said creating needs the organiser key (ADMIN_TOKEN). */
  readonly adminToken = signal('');
  readonly needsKey = signal(false);
  readonly busy = signal(false);
  readonly error = signal<ApiErrorCode | null>(null);
  /** Set once the session exists; the page then shows its join code. */
  readonly created = signal<CreateSessionResponse | null>(null);
  private readonly abort = new AbortController();

  /** Creates the session and keeps the facilitator token on this device. */
  async submit(): Promise<void> {
    const title = this.title.value.trim();
    if (!title || this.busy.value) return;
    this.busy.value = true;
    this.error.value = null;
    try {
      const res = await createSession(title, this.adminToken.value.trim(), this.abort.signal);
      saveSession({
        sessionId: res.sessionId,
        token: res.facilitatorToken,
        participantId: res.participantId,
        role: 'facilitator',
        title,
        joinCode: res.joinCode,
        boardId: res.boards[0]?.id,
      });
      this.created.value = res;
    } catch (err) {
      if (this.abort.signal.aborted) return;
      this.error.value = errorCode(err);
      if (this.error.value === 'UNAUTHORIZED') this.needsKey.value = true;
    } finally {
      this.busy.value = false;
    }
  }

  /** Opens the plenary board of the session just created. */
  openBoard(): void {
    const res = this.created.value;
    const board = res?.boards.find((b) => b.kind === 'plenary') ?? res?.boards[0];
    if (res && board) navigate(boardPath(res.sessionId, board.id));
  }

  destroy(): void {
    this.abort.abort();
  }
}

/** The "join by code" form. */
export class JoinForm {
  readonly code: Signal<string>;
  readonly name = signal('');
  readonly role = signal<'resident' | 'screen'>('resident');
  readonly busy = signal(false);
  readonly error = signal<ApiErrorCode | null>(null);
  /** This device's earlier identity for the typed code, so a reload does not join twice. */
  readonly known = computed<StoredSession | null>(() => {
    const found = findSessionByJoinCode(this.code.value);
    return found?.boardId ? found : null;
  });
  private readonly abort = new AbortController();

  constructor(initialCode: string) {
    this.code = signal(initialCode);
  }

  /** Joins, remembers the token, and opens the plenary board. */
  async submit(): Promise<void> {
    const joinCode = normalizeJoinCode(this.code.value);
    if (joinCode.length < 4 || this.busy.value) return;
    this.busy.value = true;
    this.error.value = null;
    try {
      const name = this.name.value.trim();
      const res = await joinSession(
        { joinCode, name: name || undefined, role: this.role.value, locale: locale.value },
        this.abort.signal,
      );
      const board = res.boards.find((b) => b.kind === 'plenary') ?? res.boards[0];
      saveSession({
        sessionId: res.sessionId,
        token: res.token,
        participantId: res.participantId,
        role: res.role,
        title: res.title,
        joinCode,
        boardId: board?.id,
      });
      if (board) navigate(boardPath(res.sessionId, board.id));
      else this.error.value = 'NOT_FOUND';
    } catch (err) {
      if (!this.abort.signal.aborted) this.error.value = errorCode(err);
    } finally {
      this.busy.value = false;
    }
  }

  /** Goes back to the session this device already joined with this code. */
  continueKnown(): void {
    const known = this.known.value;
    if (known?.boardId) navigate(boardPath(known.sessionId, known.boardId));
  }

  destroy(): void {
    this.abort.abort();
  }
}
