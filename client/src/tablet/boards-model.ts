/**
 * The session's boards (plenary and breakouts) for moving between them: read once from
 * `GET /api/me`, then kept by the server's `session:boards` push, and remembered on the device
 * so that a tablet opened offline still knows its way back to the plenary.
 */
import { computed, effect, signal } from '@preact/signals';
import type { BoardSummary } from '../../../shared/http-api.ts';
import { getMe } from '../api.ts';
import type { BoardConnection } from '../board-connection.ts';
import { rememberBoards, storedBoards } from '../session-store.ts';

export class SessionBoards {
  private readonly fetched = signal<BoardSummary[] | null>(null);
  private readonly remembered: BoardSummary[];
  private readonly abort = new AbortController();
  private readonly stopRemembering: () => void;
  /** Every board of the session, the plenary first. */
  readonly boards = computed<BoardSummary[]>(() => {
    const list = this.conn.pushes.boards.value ?? this.fetched.value ?? this.remembered;
    return [...list].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'plenary' ? -1 : 1));
  });
  readonly plenary = computed(() => this.boards.value.find((b) => b.kind === 'plenary') ?? null);

  constructor(private readonly conn: Pick<BoardConnection, 'pushes'>, token: string, sessionId: string, load: typeof getMe = getMe) {
    this.remembered = storedBoards(sessionId);
    // Only what the server said is remembered (never the remembered list written back).
    this.stopRemembering = effect(() => {
      const heard = this.conn.pushes.boards.value ?? this.fetched.value;
      if (heard) rememberBoards(sessionId, heard);
    });
    load(token, this.abort.signal).then(
      (me) => (this.fetched.value = me.boards),
      () => undefined, // offline: the push (or the next visit) fills it in
    );
  }

  destroy(): void {
    this.stopRemembering();
    this.abort.abort();
  }
}
