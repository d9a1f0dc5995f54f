/** Who this device is in a session: `GET /api/me`, falling back to what was stored when offline. */
import { signal } from '@preact/signals';
import type { Signal } from '@preact/signals';
import type { Role } from '../../shared/roles.ts';
import { ApiError, getMe } from './api.ts';
import type { ApiErrorCode, MeResponse } from './api.ts';
import { forgetSession } from './session-store.ts';
import type { StoredSession } from './session-store.ts';

/** What the shell shows about the participant and the session. */
export interface SessionIdentity {
  title: string;
  role: Role;
  name: string | null;
  joinCode: string | null;
}

/** Loads the participant's identity once; `error` is set when the server refused or could not be reached. */
export class SessionInfo {
  readonly identity: Signal<SessionIdentity>;
  readonly error = signal<ApiErrorCode | null>(null);
  private readonly abort = new AbortController();

  constructor(
    private readonly stored: StoredSession,
    load: (token: string, signal: AbortSignal) => Promise<MeResponse> = getMe,
  ) {
    this.identity = signal({ title: stored.title, role: stored.role, name: null, joinCode: stored.joinCode ?? null });
    load(stored.token, this.abort.signal).then(
      (me) => {
        this.identity.value = { title: me.title, role: me.role, name: me.name, joinCode: me.joinCode ?? stored.joinCode ?? null };
      },
      (err: unknown) => {
        if (this.abort.signal.aborted) return;
        this.error.value = err instanceof ApiError ? err.code : 'INTERNAL';
      },
    );
  }

  /** Drops the stale token so the landing page asks to join again. */
  forget(): void {
    forgetSession(this.stored.sessionId, this.stored.slot);
  }

  destroy(): void {
    this.abort.abort();
  }
}
