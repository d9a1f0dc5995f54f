/** Typed fetch wrappers for the HTTP API; every failure becomes an `ApiError` with a stable code. */
import type { ErrorCode, WireError } from '../../shared/errors.ts';
import type { BoardSummary, CreateSessionResponse, JoinPreviewResponse, JoinResponse, SessionTemplate } from '../../shared/http-api.ts';
import type { Role } from '../../shared/roles.ts';
import type { Locale } from './i18n.ts';

/** `GET /api/me` 200 response. (Not yet declared in shared/http-api.ts; move it there when it is.) */
export interface MeResponse {
  participantId: string;
  role: Role;
  name: string | null;
  sessionId: string;
  title: string;
  /** Present for moderators and screens (formatted, e.g. `ACDE-FGHJ`). */
  joinCode?: string;
  /** Present with `joinCode`. */
  joinUrl?: string;
  /** Present with `joinCode`: whether new people may join. */
  joinOpen?: boolean;
  boards: BoardSummary[];
}

/** `NETWORK` is the client's own code: the request never got an answer. */
export type ApiErrorCode = ErrorCode | 'NETWORK';

/** A failed request: `code` to branch on, `message` for people, `status` 0 when there was no response. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly status: number;

  constructor(code: ApiErrorCode, message: string, status: number) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
  }

  /** The wire shape `{ code, message }`. */
  toJSON(): { code: ApiErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}

function isWireError(v: unknown): v is WireError {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.code === 'string' && typeof o.message === 'string';
}

/** A fallback code for an answer that lacks the `{ error }` envelope (a proxy's HTML page, say). */
function codeForStatus(status: number): ErrorCode {
  if (status === 400) return 'VALIDATION';
  if (status === 401) return 'UNAUTHORIZED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 429) return 'RATE_LIMITED';
  return 'INTERNAL';
}

interface RequestOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  token?: string;
  signal?: AbortSignal;
}

async function request<T>(path: string, { method = 'GET', body, token, signal }: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError('NETWORK', err instanceof Error ? err.message : 'network error', 0);
  }
  let payload: unknown = null;
  try {
    payload = await res.json();
  } catch {
    // not JSON; handled below by status
  }
  if (res.ok && payload !== null) return payload as T;
  const wire = (payload as { error?: unknown } | null)?.error;
  if (isWireError(wire)) throw new ApiError(wire.code, wire.message, res.status);
  throw new ApiError(res.ok ? 'INTERNAL' : codeForStatus(res.status), `HTTP ${res.status}`, res.status);
}

/**
 * `POST /api/sessions`: creates a consultation; the caller becomes its facilitator.
 * `adminToken` is needed only when the server was started with ADMIN_TOKEN.
 */
export function createSession(title: string, adminToken?: string, signal?: AbortSignal, template: SessionTemplate = 'standard'): Promise<CreateSessionResponse> {
  return request('/api/sessions', { method: 'POST', body: { title, template }, token: adminToken || undefined, signal });
}

/** What a person fills in to join by code. */
export interface JoinInput {
  joinCode: string;
  name?: string;
  role?: 'resident' | 'screen';
  /** Self-reported, used only in aggregate; needs `consent: true`. */
  group?: string;
  ageBand?: string;
  consent?: boolean;
  locale?: Locale;
}

/** `POST /api/join`: joins by code and returns a token for this device. */
export function joinSession(input: JoinInput, signal?: AbortSignal): Promise<JoinResponse> {
  return request('/api/join', { method: 'POST', body: input, signal });
}

/** `GET /api/join/:code`: the session's title, anonymity, group and age band choices, before joining. */
export function previewJoin(joinCode: string, signal?: AbortSignal): Promise<JoinPreviewResponse> {
  return request(`/api/join/${encodeURIComponent(joinCode)}`, { signal });
}

/** `POST /api/join` with an invite code (experts and co-facilitators; the role comes from the invite). */
export function acceptInvite(input: { inviteCode: string; name?: string; locale?: Locale }, signal?: AbortSignal): Promise<JoinResponse> {
  return request('/api/join', { method: 'POST', body: input, signal });
}

/** `GET /api/me`: who this token is and what the session holds. */
export function getMe(token: string, signal?: AbortSignal): Promise<MeResponse> {
  return request('/api/me', { token, signal });
}
