/**
 * What each command answers on success, by event name. The server's handlers must return exactly
 * this (see `defineCommand`), and the client's `send` gives it back typed: the wire spreads these
 * fields into the ack, next to `ok: true`.
 */
import type { NoteFields, Phase, Tallies, TimerState } from './board-schema.ts';
import type { Role } from './roles.ts';
import type { EscalationView, PublicActionUpdate } from './results.ts';
import type { Settings } from './settings.ts';
import type { SimilarGroup } from './similar-concerns.ts';

/** Why a concern is held out of the board document. */
export type HeldState = 'private' | 'pending' | 'rejected' | 'hidden';

/** A held concern as `notes:held` returns it. */
export interface HeldNote {
  note: NoteFields;
  state: HeldState;
  reason: string | null;
  at: number;
}

/** A back-channel message (the `backchannel` push, and `backchannel:history`). */
export interface BackchannelMessage {
  id: string;
  from: string;
  name: string | null;
  role: Role;
  text: string;
  at: number;
}

/** Moderators' view of a vote in progress (`vote:status`, and the `vote:progress` push). */
export interface VoteProgress {
  boardId: string;
  voters: number;
  withDotsLeft: number;
  dotsPerParticipant: number;
}

/** A timer command's answer: the timer as now stored, and the server's clock to count against. */
interface TimerAnswer<T extends TimerState | null> {
  timer: T;
  serverNow: number;
}

/** A dot cast or taken back: the voter's dots left and the dots on that target now. */
interface DotAnswer {
  remaining: number;
  onTarget: number;
}

/** The answer of `session:publish` and `session:unpublish`. */
interface PublishAnswer {
  published: boolean;
  publishedAt: number | null;
  url: string;
}

/** Nothing beyond `ok: true`. */
type Done = Record<never, never>;

/** Every command's success result, by event name (a command without an entry fails to compile in shared/commands.ts). */
export interface CommandResults {
  'note:add': { noteId: string; state: 'public' | 'private' | 'pending'; participantId?: string };
  'note:edit': Done;
  'note:move': Done;
  'note:delete': Done;
  'cluster:add': { clusterId: string };
  'cluster:rename': Done;
  'cluster:delete': Done;
  'cluster:merge': { targetId: string; moved: number };
  'action:add': { actionId: string };
  'action:delete': Done;
  /** `boards` is present for `boardId: "*"`: how many boards moved. */
  'phase:set': { phase: Phase; boards?: number };
  'settings:set': { settings: Settings };
  'vote:cast': DotAnswer;
  'vote:retract': DotAnswer;
  'vote:mine': { votes: Record<string, number>; remaining: number; dotsPerParticipant: number };
  'vote:status': VoteProgress;
  'vote:reveal': { tallies: Tallies; voteOn: Settings['voteOn'] };
  'vote:reopen': { voting: 'open' };
  'timer:start': TimerAnswer<Extract<TimerState, { status: 'running' }>>;
  'timer:pause': TimerAnswer<Extract<TimerState, { status: 'paused' }>>;
  'timer:reset': TimerAnswer<null>;
  'spotlight:set': { spotlight: string | null };
  'board:lock': { locked: boolean };
  'board:bring': { boardId: string };
  'ready:set': { ready: boolean; readyCount: number };
  'participant:kick': { participantId: string };
  'record:undo': { undone: number; kind: string };
  'notes:held': { notes: HeldNote[] };
  'notes:reveal': { revealed: number; toScreening: boolean };
  'note:approve': Done;
  'note:reject': Done;
  'note:hide': Done;
  'note:restore': Done;
  'note:mergeInto': { into: { clusterId: string } | { noteId: string }; merged: number };
  'suggest:similar': { groups: SimilarGroup[] };
  'session:joining': { joinOpen: boolean };
  'session:rotateCode': { joinCode: string; joinCodeDisplay: string };
  /** The id of the deleted session. */
  'session:delete': { deleted: string };
  'topic:propose': { topicId: string };
  /** The breakout board created for the topic. */
  'topic:accept': { boardId: string };
  'topic:merge': Done;
  'topic:decline': Done;
  'space:add': { spaceId: string };
  'slot:add': { slotId: string };
  'agenda:place': { topicId: string; spaceId: string; slotId: string };
  'board:enter': { boardId: string };
  'session:converge': { converged: number; carried: number; kept: number; keptIds: string[]; breakouts: number; plenaryBoardId: string };
  'advice:add': { adviceId: string };
  'backchannel:send': { messageId: string };
  'backchannel:history': { messages: BackchannelMessage[] };
  'facilitation:handover': { leadFacilitator: string };
  'session:publish': PublishAnswer;
  'session:unpublish': PublishAnswer;
  'action:update': { boardId: string; actionId: string; update: PublicActionUpdate };
  'item:escalate': { escalation: EscalationView };
  'escalation:update': { escalation: EscalationView };
}
