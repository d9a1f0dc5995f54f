/** The public results and owner follow-up HTTP calls (no token: the session id or the link's code is enough). */
import type { ActionStatus } from '../../../shared/board-schema.ts';
import type { ErrorCode } from '../../../shared/errors.ts';
import type { FollowUpView, PublicAction, PublicResults } from '../../../shared/results.ts';
import { ApiError } from '../api.ts';

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers: { accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}) } });
  } catch (err) {
    if (init.signal?.aborted) throw err;
    throw new ApiError('NETWORK', err instanceof Error ? err.message : 'network error', 0);
  }
  const payload = (await res.json().catch(() => null)) as { error?: { code?: unknown; message?: unknown } } | null;
  if (res.ok && payload) return payload as T;
  const code = typeof payload?.error?.code === 'string' ? (payload.error.code as ErrorCode) : res.status === 404 ? 'NOT_FOUND' : 'INTERNAL';
  throw new ApiError(code, typeof payload?.error?.message === 'string' ? payload.error.message : `HTTP ${res.status}`, res.status);
}

/** `GET /api/public/sessions/:id/results`: 404 `NOT_FOUND` when unknown or not published. */
export function getPublicResults(sessionId: string, signal?: AbortSignal): Promise<PublicResults> {
  return call(`/api/public/sessions/${encodeURIComponent(sessionId)}/results`, { signal });
}

/** Where the public exports are, in the reader's language for the Markdown and CSV headings. */
export function exportUrl(sessionId: string, format: 'md' | 'csv' | 'json', lang: 'en' | 'zh-CN'): string {
  return `/api/public/sessions/${encodeURIComponent(sessionId)}/export.${format}?lang=${lang}`;
}

/** `GET /api/follow-up/:code`: the actions an owner's link covers. */
export function getFollowUp(code: string, signal?: AbortSignal): Promise<FollowUpView> {
  return call(`/api/follow-up/${encodeURIComponent(code)}`, { signal });
}

/** What an owner sends: a dated note, optionally with a new status. */
export interface FollowUpUpdate {
  boardId: string;
  actionId: string;
  status?: ActionStatus;
  note: string;
}

/** `POST /api/follow-up/:code/updates`: answers the updated action. */
export function postFollowUpUpdate(code: string, update: FollowUpUpdate): Promise<PublicAction> {
  return call(`/api/follow-up/${encodeURIComponent(code)}/updates`, { method: 'POST', body: JSON.stringify(update) });
}
