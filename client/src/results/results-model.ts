/** Loads a session's published results once (and again on request); 404 means "not published". */
import { signal } from '@preact/signals';
import type { PublicResults } from '../../../shared/results.ts';
import { ApiError } from '../api.ts';
import type { ApiErrorCode } from '../api.ts';
import { getPublicResults } from './results-api.ts';

/** Where loading stands. */
export type ResultsState =
  | { kind: 'loading' }
  | { kind: 'not-published' }
  | { kind: 'failed'; code: ApiErrorCode }
  | { kind: 'ready'; results: PublicResults };

export class ResultsModel {
  readonly state = signal<ResultsState>({ kind: 'loading' });
  private abort = new AbortController();

  constructor(private readonly sessionId: string, private readonly load: typeof getPublicResults = getPublicResults) {
    this.reload();
  }

  reload(): void {
    this.abort.abort();
    this.abort = new AbortController();
    const { signal: aborted } = this.abort;
    if (this.state.value.kind !== 'ready') this.state.value = { kind: 'loading' };
    this.load(this.sessionId, aborted).then(
      (results) => {
        if (!aborted.aborted) this.state.value = { kind: 'ready', results };
      },
      (err: unknown) => {
        if (aborted.aborted) return;
        const code = err instanceof ApiError ? err.code : 'INTERNAL';
        this.state.value = code === 'NOT_FOUND' ? { kind: 'not-published' } : { kind: 'failed', code };
      },
    );
  }

  destroy(): void {
    this.abort.abort();
  }
}
