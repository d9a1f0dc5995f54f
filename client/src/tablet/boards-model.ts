/**
 * The session's boards (plenary and breakouts) for moving between them: read once from
 * `GET /api/me`, then kept by the server's `session:boards` push.
 */
import { computed, signal } from '@preact/signals';
import type { BoardSummary } from '../../../shared/http-api.ts';
import { getMe } from '../api.ts';
import type { BoardConnection } from '../board-connection.ts';

export class SessionBoards {
  private readonly fetched = signal<BoardSummary[] | null>(null);
  private readonly abort = new AbortController();
  /** Every board of the session, the plenary first. */
  readonly boards = computed<BoardSummary[]>(() => {
    const list = this.conn.pushes.boards.value ?? this.fetched.value ?? [];
    return [...list].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'plenary' ? -1 : 1));
  });
  readonly plenary = computed(() => this.boards.value.find((b) => b.kind === 'plenary') ?? null);

  constructor(private readonly conn: Pick<BoardConnection, 'pushes'>, token: string, load: typeof getMe = getMe) {
    load(token, this.abort.signal).then(
      (me) => (this.fetched.value = me.boards),
      () => undefined, // offline: the push (or the next visit) fills it in
    );
  }

  destroy(): void {
    this.abort.abort();
  }
}
