/**
 * The HTTP routes only the console uses (docs/API.md §2 and §12): invites, the record,
 * participation, a big-screen join, exports, follow-up links and deleting a session. Every
 * failure is an `ApiError` with a stable code, as in `api.ts`.
 */
import type { CreateInviteResponse, JoinResponse, ModeratorsResponse, ReissueResponse } from '../../../shared/http-api.ts';
import type { ParticipationSummary } from '../../../shared/socket-protocol.ts';
import type { EscalationsResponse } from '../../../shared/results.ts';
import { ApiError } from '../api.ts';
import type { ApiErrorCode } from '../api.ts';

/** One entry of the procedure record. */
export interface RecordEntry {
  seq: number;
  boardId: string | null;
  actorId: string | null;
  kind: string;
  data: Record<string, unknown>;
  at: number;
}

/** The participation balance (aggregates only). */
export type Participation = ParticipationSummary;

/** A follow-up link as listed to moderators. */
export interface FollowUpLink {
  code: string;
  url: string;
  label: string;
  actions: { boardId: string; actionId: string }[];
  createdAt?: number;
  revoked?: boolean;
}

/** The export formats the server writes. */
export type ExportFormat = 'md' | 'csv' | 'json';

interface Options {
  method?: 'GET' | 'POST' | 'DELETE';
  body?: unknown;
  token?: string;
}

async function send(path: string, { method = 'GET', body, token }: Options): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (err) {
    throw new ApiError('NETWORK', err instanceof Error ? err.message : 'network error', 0);
  }
  if (res.ok) return res;
  let code: ApiErrorCode = res.status === 403 ? 'FORBIDDEN' : res.status === 404 ? 'NOT_FOUND' : res.status === 401 ? 'UNAUTHORIZED' : 'INTERNAL';
  let message = `HTTP ${res.status}`;
  try {
    const payload = (await res.json()) as { error?: { code?: unknown; message?: unknown } };
    if (typeof payload.error?.code === 'string') code = payload.error.code as ApiErrorCode;
    if (typeof payload.error?.message === 'string') message = payload.error.message;
  } catch {
    // not JSON: keep the code from the status
  }
  throw new ApiError(code, message, res.status);
}

async function json<T>(path: string, opts: Options): Promise<T> {
  const res = await send(path, opts);
  return (await res.json()) as T;
}

const session = (id: string) => `/api/sessions/${encodeURIComponent(id)}`;

/** `POST /api/sessions/:id/invites`: a link for an expert or a co-facilitator. */
export function createInvite(sessionId: string, token: string, role: 'expert' | 'facilitator'): Promise<CreateInviteResponse> {
  return json(`${session(sessionId)}/invites`, { method: 'POST', body: { role }, token });
}

/** `GET /api/sessions/:id/record`. */
export async function getRecord(sessionId: string, token: string): Promise<RecordEntry[]> {
  const res = await json<{ entries: RecordEntry[] }>(`${session(sessionId)}/record`, { token });
  return res.entries;
}

/** `GET /api/sessions/:id/participation`. */
export function getParticipation(sessionId: string, token: string): Promise<Participation> {
  return json(`${session(sessionId)}/participation`, { token });
}

/** `POST /api/join` as the big screen, with the session's join code. */
export function joinAsScreen(joinCode: string, name: string): Promise<JoinResponse> {
  return json('/api/join', { method: 'POST', body: { joinCode, role: 'screen', name } });
}

/** `GET /api/sessions/:id/export.<format>?lang=…` as a file (the route needs the bearer token, so no plain link). */
export async function downloadExport(sessionId: string, token: string, format: ExportFormat, lang: 'en' | 'zh-CN'): Promise<{ blob: Blob; filename: string }> {
  const res = await send(`${session(sessionId)}/export.${format}?lang=${encodeURIComponent(lang)}`, { token });
  const disposition = res.headers.get('content-disposition') ?? '';
  const match = /filename="([^"]+)"/.exec(disposition);
  return { blob: await res.blob(), filename: match?.[1] ?? `yishi-results-${sessionId}.${format}` };
}

/** `GET /api/sessions/:id/follow-up-links`. */
export async function listFollowUpLinks(sessionId: string, token: string): Promise<FollowUpLink[]> {
  const res = await json<{ links: FollowUpLink[] }>(`${session(sessionId)}/follow-up-links`, { token });
  return res.links;
}

/** `POST /api/sessions/:id/follow-up-links`: a link an action's owner uses to report progress. */
export function createFollowUpLink(sessionId: string, token: string, label: string, actions: { boardId: string; actionId: string }[]): Promise<FollowUpLink> {
  return json(`${session(sessionId)}/follow-up-links`, { method: 'POST', body: { label, actionIds: actions }, token });
}

/** `DELETE /api/sessions/:id/follow-up-links/:code`. */
export async function revokeFollowUpLink(sessionId: string, token: string, code: string): Promise<void> {
  await send(`${session(sessionId)}/follow-up-links/${encodeURIComponent(code)}`, { method: 'DELETE', token });
}

/** `GET /api/sessions/:id/escalations`: items sent to and received from other sessions, newest first. */
export function listEscalations(sessionId: string, token: string): Promise<EscalationsResponse> {
  return json(`${session(sessionId)}/escalations`, { token });
}

/** `DELETE /api/sessions/:id` with the typed title as confirmation. */
export async function deleteSession(sessionId: string, token: string, confirmTitle: string): Promise<void> {
  await send(session(sessionId), { method: 'DELETE', body: { confirmTitle }, token });
}

/** `GET /api/sessions/:id/moderators`: facilitators and experts a sign-in can be reissued to. */
export async function listModerators(sessionId: string, token: string): Promise<ModeratorsResponse['moderators']> {
  return (await json<ModeratorsResponse>(`${session(sessionId)}/moderators`, { token })).moderators;
}

/** `POST /api/sessions/:id/participants/:participantId/reissue`: a link that signs a new device in. */
export function reissueSignIn(sessionId: string, token: string, participantId: string, revokeOld: boolean): Promise<ReissueResponse> {
  return json(`${session(sessionId)}/participants/${encodeURIComponent(participantId)}/reissue`, { method: 'POST', body: { revokeOld }, token });
}
