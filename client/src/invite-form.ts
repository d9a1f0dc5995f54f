/** Accepting an expert or co-facilitator invite: a name, then `POST /api/join { inviteCode }`, then the plenary board. */
import { signal } from '@preact/signals';
import { acceptInvite, ApiError } from './api.ts';
import type { ApiErrorCode } from './api.ts';
import { locale } from './i18n.ts';
import { boardPath, navigate } from './route.ts';
import { saveSession } from './session-store.ts';

/** The invite form's state. */
export class InviteForm {
  readonly name = signal('');
  readonly busy = signal(false);
  readonly error = signal<ApiErrorCode | null>(null);
  private readonly abort = new AbortController();

  constructor(private readonly inviteCode: string) {}

  /** Joins with the invite, keeps the token on this device and opens the plenary board. */
  async submit(): Promise<void> {
    if (this.busy.value) return;
    this.busy.value = true;
    this.error.value = null;
    try {
      const name = this.name.value.trim();
      const res = await acceptInvite({ inviteCode: this.inviteCode, name: name || undefined, locale: locale.value }, this.abort.signal);
      const board = res.boards.find((b) => b.kind === 'plenary') ?? res.boards[0];
      saveSession({ sessionId: res.sessionId, token: res.token, participantId: res.participantId, role: res.role, title: res.title, boardId: board?.id });
      if (board) navigate(boardPath(res.sessionId, board.id));
      else this.error.value = 'NOT_FOUND';
    } catch (err) {
      if (!this.abort.signal.aborted) this.error.value = err instanceof ApiError ? err.code : 'INTERNAL';
    } finally {
      this.busy.value = false;
    }
  }

  destroy(): void {
    this.abort.abort();
  }
}
