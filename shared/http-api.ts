/** Payload schemas and response types of the HTTP API (docs/API.md describes each field). */
import { z } from 'zod';
import { SettingsPatchSchema } from './settings.ts';
import { ActionStatuses } from './board-schema.ts';
import { ExportLangs } from './results.ts';

const trimmed = (min: number, max: number) => z.string().trim().min(min).max(max);

/** The kinds of consultation a session can start as (`Templates` in shared/settings.ts). */
export const SessionTemplates = ['standard', 'courtyard'] as const;

/** A kind of consultation to start as. */
export type SessionTemplate = (typeof SessionTemplates)[number];

/** `POST /api/sessions` body. */
export const CreateSessionBody = z.object({
  title: trimmed(1, 200),
  settings: SettingsPatchSchema.optional(),
  /** `courtyard`: one board, no marketplace, 3 dots, a 10-minute gather timer ready to start. */
  template: z.enum(SessionTemplates).optional(),
}).strict();

/** Self-reported demographic fields on join (used only in aggregate). */
export const JoinProfile = {
  group: trimmed(1, 40).optional(),
  ageBand: trimmed(1, 20).optional(),
  /** Must be true when group or ageBand is given: the person agreed to their use in aggregate. */
  consent: z.boolean().optional(),
  locale: z.enum(['zh-CN', 'en']).optional(),
};

/** `POST /api/join` body when joining with the session's join code (resident or screen). */
export const JoinByCodeBody = z.object({
  joinCode: trimmed(4, 40),
  name: trimmed(1, 60).optional(),
  role: z.enum(['resident', 'screen']).optional(),
  ...JoinProfile,
}).strict();

/** `POST /api/join` body when joining with an invite (expert, co-facilitator). */
export const JoinByInviteBody = z.object({
  inviteCode: trimmed(4, 80),
  name: trimmed(1, 60).optional(),
  locale: JoinProfile.locale,
}).strict();

/** `POST /api/join` body: by join code or by invite code. */
export const JoinBody = z.union([JoinByCodeBody, JoinByInviteBody]);

/** `POST /api/sessions/:id/invites` body. */
export const CreateInviteBody = z.object({
  role: z.enum(['expert', 'facilitator']),
}).strict();

/** A board as listed to clients. */
export interface BoardSummary {
  id: string;
  title: string;
  kind: 'plenary' | 'breakout';
}

/** `POST /api/sessions` 201 response. */
export interface CreateSessionResponse {
  sessionId: string;
  joinCode: string;
  joinUrl: string;
  facilitatorToken: string;
  participantId: string;
  boards: BoardSummary[];
}

/** `POST /api/join` 200 response. */
export interface JoinResponse {
  token: string;
  participantId: string;
  role: 'facilitator' | 'expert' | 'resident' | 'screen';
  sessionId: string;
  title: string;
  boards: BoardSummary[];
}

/** `GET /api/join/:joinCode` 200 response: what the join page needs before joining (public; the code is the secret). */
export interface JoinPreviewResponse {
  title: string;
  /** Names are not shown in this session, so the join page does not ask for one. */
  anonymous: boolean;
  /** The groups and age bands a person may choose (with consent); keys the client translates, or the session's own words. */
  groups: string[];
  ageBands: string[];
  joinOpen: boolean;
}

/** `POST /api/sessions/:id/invites` 201 response. */
export interface CreateInviteResponse {
  inviteCode: string;
  url: string;
  role: 'expert' | 'facilitator';
}

const ItemId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'an id');
/** One action item named as `boardId/actionId` or `{ boardId, actionId }`. */
const ActionRef = z.union([
  z.string().regex(/^[A-Za-z0-9_-]{1,64}\/[A-Za-z0-9_-]{1,64}$/, 'boardId/actionId').transform((s) => {
    const [boardId, actionId] = s.split('/') as [string, string];
    return { boardId, actionId };
  }),
  z.object({ boardId: ItemId, actionId: ItemId }).strict(),
]);

/** `POST /api/sessions/:id/follow-up-links` body: the action items an owner may update, and who the owner is. */
export const CreateFollowUpLinkBody = z.object({
  actionIds: z.array(ActionRef).min(1).max(50),
  label: trimmed(1, 120),
}).strict();

/** `POST /api/follow-up/:code/updates` body: an owner's dated note, optionally with a new status. */
export const FollowUpUpdateBody = z.object({
  boardId: ItemId,
  actionId: ItemId,
  status: z.enum(ActionStatuses).optional(),
  note: trimmed(1, 1000),
}).strict();

/** `POST /api/sessions/:id/participants/:participantId/reissue` body. */
export const ReissueBody = z.object({
  /** Revoke every token issued to the participant before (default true). */
  revokeOld: z.boolean().optional(),
}).strict();

/** `GET /api/sessions/:id/moderators`: the session's facilitators and experts (for reissuing sign-ins). */
export interface ModeratorsResponse {
  moderators: { participantId: string; role: 'facilitator' | 'expert'; name: string | null }[];
}

/** `POST /api/sessions/:id/participants/:participantId/reissue` 200 response. */
export interface ReissueResponse {
  participantId: string;
  token: string;
  /** Opens the app on a new device already signed in as the participant. */
  link: string;
  revokedOld: boolean;
}

/** An id in a path (session, board, action, participant, photo): a malformed one is as unknown as a missing one (404). */
export const PathId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'an id');

/** `:code` of the follow-up routes (a base64url code). */
export const FollowUpCodeParam = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a follow-up code');

/** The export formats, as the `export.:format` path ends. */
export const ExportFormats = ['md', 'csv', 'json'] as const;

/** `GET …/export.:format` path parameters. */
export const ExportParams = z.object({ id: PathId, format: z.enum(ExportFormats) });

/** `?lang=` of the Markdown and CSV exports (headings' language; other query parameters are ignored). */
export const ExportQuery = z.object({ lang: z.enum(ExportLangs).optional() }).passthrough();
