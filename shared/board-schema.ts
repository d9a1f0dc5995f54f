/**
 * The board document: one Y.Doc per board. Later features add fields; these names never change.
 * Everything discrete is written by the server (commands); clients write only the
 * continuous-editing leaves listed in write-paths.ts.
 *
 * Two vocabularies name the same things (docs/API.md §4, "Two vocabularies"): what people read
 * as a concern (意见) is a `note` here, a theme (主题) is a `cluster`, a step of the procedure is
 * a `phase`. The public results say `themes`; nothing is renamed to make the two agree.
 */

/** Root Y.Map names of a board document. */
export const Roots = {
  notes: 'notes',
  clusters: 'clusters',
  actions: 'actions',
  board: 'board',
} as const;

/** The name of a root Y.Map. */
export type RootName = (typeof Roots)[keyof typeof Roots];

/** The procedure's phases, in order. */
export const Phases = ['gather', 'cluster', 'vote', 'act', 'done'] as const;

/** A board's phase. */
export type Phase = (typeof Phases)[number];

/** Action item statuses. */
export const ActionStatuses = ['planned', 'in_progress', 'done', 'escalated'] as const;

/** An action item's status. */
export type ActionStatus = (typeof ActionStatuses)[number];

/** A concern as stored in `notes.<id>` (a Y.Map). */
export interface NoteFields {
  id: string;
  text: string;
  authorId: string;
  x: number;
  y: number;
  clusterId: string | null;
  createdAt: number;
  color: string;
  /** Set when a moderator wrote the concern for someone without a device. */
  scribedBy?: string;
  /** Ids of duplicate concerns folded into this one (note:mergeInto). */
  mergedFrom?: string[];
  /** The concerns folded into this one, so their authors still find them in "My concerns". */
  mergedNotes?: MergedNote[];
  /** The concern's photo (server-written by the photo routes; no client may write it). */
  photoId?: string;
}

/** A concern folded into another by note:mergeInto, as the kept concern lists it. */
export interface MergedNote {
  id: string;
  authorId: string;
  text: string;
  createdAt: number;
}

/** A theme as stored in `clusters.<id>` (a Y.Map). */
export interface ClusterFields {
  id: string;
  title: string;
  x: number;
  y: number;
  createdAt: number;
}

/** An action item as stored in `actions.<id>` (a Y.Map; `title` is a Y.Text). */
export interface ActionFields {
  id: string;
  title: string;
  owner: string;
  due: string | null;
  status: ActionStatus;
  clusterId: string | null;
  createdAt: number;
}

/** Keys of the server-written `board` map. */
export const BoardKeys = {
  phase: 'phase',
  locked: 'locked',
  spotlight: 'spotlight',
  timer: 'timer',
  settings: 'settings',
  tallies: 'tallies',
  /** Participant ids that signalled ready in the current step. */
  ready: 'ready',
  /** Plenary only: what the last convergence carried, per action (shared/convergence.ts). */
  converged: 'converged',
  /** `open` or `closed` (absent: open); `vote:reveal` closes it, `vote:reopen` opens it again. */
  voting: 'voting',
} as const;

/** Whether dots may still be cast and taken back on a board, as stored in `board.voting`. */
export type VotingState = 'open' | 'closed';

/** The shared timer as stored in `board.timer`; clients count down against the server's clock. */
export type TimerState =
  | { status: 'running'; endsAt: number; durationMs: number }
  | { status: 'paused'; remainingMs: number; durationMs: number };

/** Revealed dot counts as stored in `board.tallies`: target id → dots. */
export type Tallies = Record<string, number>;

/** Note colours a client may pick; the first is the default. */
export const NoteColors = ['yellow', 'pink', 'blue', 'green', 'orange', 'purple'] as const;

/** A note colour. */
export type NoteColor = (typeof NoteColors)[number];

/** Largest coordinate accepted on the board (pixels, either axis). */
export const MaxCoordinate = 100_000;

/** True when `v` is a finite board coordinate. */
export function isCoordinate(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= MaxCoordinate;
}

/** True when `v` is an ISO calendar date (YYYY-MM-DD) that exists. */
export function isIsoDate(v: unknown): v is string {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}
