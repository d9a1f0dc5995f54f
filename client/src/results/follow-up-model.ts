/** An owner's follow-up link: loads the actions it covers and sends dated updates, one form per action. */
import { signal } from '@preact/signals';
import type { ActionStatus } from '../../../shared/board-schema.ts';
import type { FollowUpView, PublicAction } from '../../../shared/results.ts';
import { ApiError } from '../api.ts';
import type { ApiErrorCode } from '../api.ts';
import { getFollowUp, postFollowUpUpdate } from './results-api.ts';

/** Where loading the link stands. */
export type FollowUpState =
  | { kind: 'loading' }
  | { kind: 'not-found' }
  | { kind: 'failed'; code: ApiErrorCode }
  | { kind: 'ready'; view: FollowUpView };

/** The outcome of the last update sent for one action. */
export type UpdateResult = { ok: true } | { ok: false; code: ApiErrorCode };

export interface FollowUpDeps {
  load: typeof getFollowUp;
  send: typeof postFollowUpUpdate;
}

const key = (a: { boardId: string; id: string }) => `${a.boardId}/${a.id}`;

export class FollowUpModel {
  readonly state = signal<FollowUpState>({ kind: 'loading' });
  /** Actions with an update in flight, by `boardId/actionId`. */
  readonly sending = signal<Record<string, boolean>>({});
  /** The last update's result per action. */
  readonly results = signal<Record<string, UpdateResult>>({});
  private readonly abort = new AbortController();

  constructor(private readonly code: string, private readonly deps: FollowUpDeps = { load: getFollowUp, send: postFollowUpUpdate }) {
    deps.load(code, this.abort.signal).then(
      (view) => {
        if (!this.abort.signal.aborted) this.state.value = { kind: 'ready', view };
      },
      (err: unknown) => {
        if (this.abort.signal.aborted) return;
        const c = err instanceof ApiError ? err.code : 'INTERNAL';
        this.state.value = c === 'NOT_FOUND' ? { kind: 'not-found' } : { kind: 'failed', code: c };
      },
    );
  }

  /** Sends a dated note (and a new status, if chosen); true when the server stored it. */
  async update(action: PublicAction, note: string, status: ActionStatus | null): Promise<boolean> {
    const k = key(action);
    if (this.sending.value[k]) return false;
    this.sending.value = { ...this.sending.value, [k]: true };
    try {
      const updated = await this.deps.send(this.code, { boardId: action.boardId, actionId: action.id, note, ...(status ? { status } : {}) });
      const s = this.state.value;
      if (s.kind === 'ready') {
        this.state.value = { kind: 'ready', view: { ...s.view, actions: s.view.actions.map((a) => (key(a) === k ? updated : a)) } };
      }
      this.results.value = { ...this.results.value, [k]: { ok: true } };
      return true;
    } catch (err) {
      this.results.value = { ...this.results.value, [k]: { ok: false, code: err instanceof ApiError ? err.code : 'INTERNAL' } };
      return false;
    } finally {
      this.sending.value = { ...this.sending.value, [k]: false };
    }
  }

  /** The last result for an action, if any. */
  resultFor(action: PublicAction): UpdateResult | undefined {
    return this.results.value[key(action)];
  }

  isSending(action: PublicAction): boolean {
    return this.sending.value[key(action)] === true;
  }

  destroy(): void {
    this.abort.abort();
  }
}
