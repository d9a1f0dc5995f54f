/** Socket.IO protocol: the command ack shape, the envelope every command may carry, server pushes. */
import { z } from 'zod';
import type { BackchannelMessage, VoteProgress } from './command-results.ts';
import type { ErrorCode, WireError } from './errors.ts';
import type { Role } from './roles.ts';

/** What every command's ack carries: the command's result spread next to `ok: true` (`replayed` when an idempotency key found it stored), or the error. */
export type Ack<R extends object = object> = ({ ok: true; replayed?: true } & R) | { ok: false; error: WireError };

/** Optional on every command: a key scoped to the participant so an offline outbox can replay safely. */
export const IdempotencyKey = z.string().min(8).max(128).regex(/^[A-Za-z0-9_:.-]+$/, 'letters, digits and _:.- only');

/** One participant in the roster pushed to clients. */
export interface RosterMember {
  participantId: string;
  role: Role;
  /** Null when the session is anonymous or no name was given. */
  name: string | null;
  /** Boards the participant has open right now. */
  boards: string[];
}

/** The `roster` push: everyone online in the session. Residents and screens get counts only. */
export interface RosterPush {
  sessionId: string;
  /** People online (big screens not counted). */
  online: number;
  /** Big screens online. */
  screens: number;
  /** People per board (big screens not counted). */
  byBoard: Record<string, number>;
  /** Present for facilitators and experts only. */
  members?: RosterMember[];
}

/** Counts for one group or age band in the participation push. */
export interface ParticipationBucket {
  joined: number;
  present: number;
  notes: number;
}

/** Participation balance (`GET /api/sessions/:id/participation` and the `participation` push): aggregates only. */
export interface ParticipationSummary {
  sessionId: string;
  residents: ParticipationBucket;
  byGroup: Record<string, ParticipationBucket>;
  byAgeBand: Record<string, ParticipationBucket>;
}

/** Server → client pushes: event name → payload. The server's notifier and the client's SessionPushes both use it. */
export interface ServerPushes {
  roster: RosterPush;
  /** Sent on connect: who the server thinks you are, and its clock for the shared timer. */
  hello: { participantId: string; role: Role; sessionId: string; serverNow: number };
  /** Moderators: how many voters still have dots (never where they went). */
  'vote:progress': VoteProgress;
  /** A moderator asks everyone to open a board. */
  'board:goto': { boardId: string; by: string };
  /** Moderators: people present, joined, and concerns by group and age band (aggregates only). */
  participation: ParticipationSummary;
  /** A held concern of yours (or, for moderators, any) changed: fetch with notes:held. */
  'held:changed': { boardId: string };
  /** Joining was opened/closed, the join code changed, or the facilitation was handed over. */
  'session:changed': { joinOpen?: boolean; joinCode?: string; leadFacilitator?: string; published?: boolean };
  /** The session's boards changed (a breakout was created). */
  'session:boards': { boards: { id: string; title: string; kind: 'plenary' | 'breakout' }[] };
  /** Moderators only: a back-channel message between experts and facilitators. */
  backchannel: BackchannelMessage;
  /** Moderators: an escalation to or from this session was created or changed its status (refetch GET /api/sessions/:id/escalations). */
  'escalations:changed': { sessionId: string; escalationId: string; direction: 'incoming' | 'outgoing'; status: string };
  /** Moderators: an action item's follow-up timeline grew (refetch the results or the action's updates). */
  'action:updated': { boardId: string; actionId: string; status: string | null; at: number };
  /** Sent just before the server disconnects a removed participant. */
  kicked: { reason: string };
  /** Sent to every socket of a deleted session just before the server disconnects it. */
  'session:deleted': { sessionId: string; reason: string };
  /** Sent just before the server disconnects a socket for flooding (RATE_LIMITED); do not resend the same burst. */
  'server:disconnect': { code: ErrorCode; reason: string };
}

/** A push's event name. */
export type PushName = keyof ServerPushes;

/** One push as arguments, `[event, payload]`: a union, so checking the event narrows the payload. */
export type PushArgs = { [E in PushName]: [event: E, payload: ServerPushes[E]] }[PushName];

/** Server → client events, as Socket.IO types them. */
export type ServerToClientEvents = { [E in PushName]: (payload: ServerPushes[E]) => void };
