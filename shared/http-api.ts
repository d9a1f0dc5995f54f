/** Payload schemas and response types of the HTTP API (docs/API.md describes each field). */
import { z } from 'zod';
import { SettingsPatchSchema } from './settings.ts';

const trimmed = (min: number, max: number) => z.string().trim().min(min).max(max);

/** `POST /api/sessions` body. */
export const CreateSessionBody = z.object({
  title: trimmed(1, 200),
  settings: SettingsPatchSchema.optional(),
  /** `courtyard`: one board, no marketplace, 3 dots, a 10-minute gather timer ready to start. */
  template: z.enum(['standard', 'courtyard']).optional(),
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

/** `POST /api/sessions/:id/invites` 201 response. */
export interface CreateInviteResponse {
  inviteCode: string;
  url: string;
  role: 'expert' | 'facilitator';
}
