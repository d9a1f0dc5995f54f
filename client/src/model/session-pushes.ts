/**
 * What the server pushes on the command channel, kept as signals: the roster, the server's
 * clock (for the shared timer), vote progress, participation balance, requests to open a
 * board, the back-channel and session changes. Pure: the channel calls `receive`.
 */
import { batch, signal } from '@preact/signals';
import type { BackchannelMessage } from '../../../shared/command-results.ts';
import type { Role } from '../../../shared/roles.ts';
import type { RosterPush, ServerToClientEvents } from '../../../shared/socket-protocol.ts';

type Payload<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];

/** A back-channel message. */
export type { BackchannelMessage };

/** The most recent server pushes of one session. */
export class SessionPushes {
  /** Who the server says this device is (after `hello`). */
  readonly me = signal<{ participantId: string; role: Role; sessionId: string } | null>(null);
  /** Server clock minus this device's clock, in ms: add it to `Date.now()` to count down a timer. */
  readonly clockOffset = signal(0);
  readonly roster = signal<RosterPush | null>(null);
  /** Vote progress by board id (moderators only). */
  readonly voteProgress = signal<Record<string, Payload<'vote:progress'>>>({});
  readonly participation = signal<Payload<'participation'> | null>(null);
  /** The latest "everyone open this board" request; compare `at` to notice a new one. */
  readonly goto = signal<{ boardId: string; by: string; at: number } | null>(null);
  /** Back-channel messages in arrival order (moderators only). */
  readonly backchannel = signal<BackchannelMessage[]>([]);
  /** Bumped per board whenever a held concern of interest changed: re-fetch with `notes:held`. */
  readonly heldChanged = signal<Record<string, number>>({});
  /** The session's boards after a breakout was created. */
  readonly boards = signal<Payload<'session:boards'>['boards'] | null>(null);
  /** Join code / joining open / lead facilitator, as last changed. */
  readonly sessionChange = signal<Payload<'session:changed'> | null>(null);
  /** Pushes this model does not know (newer servers): the last of each, by event name. */
  readonly other = signal<Record<string, unknown>>({});

  constructor(private readonly now: () => number = Date.now) {}

  /** Takes one server push. */
  receive(event: string, ...args: unknown[]): void {
    const p = args[0];
    batch(() => {
      switch (event) {
        case 'hello': {
          const h = p as Payload<'hello'>;
          this.me.value = { participantId: h.participantId, role: h.role, sessionId: h.sessionId };
          this.clockOffset.value = h.serverNow - this.now();
          return;
        }
        case 'roster':
          this.roster.value = p as RosterPush;
          return;
        case 'vote:progress': {
          const v = p as Payload<'vote:progress'>;
          this.voteProgress.value = { ...this.voteProgress.value, [v.boardId]: v };
          return;
        }
        case 'participation':
          this.participation.value = p as Payload<'participation'>;
          return;
        case 'board:goto': {
          const g = p as Payload<'board:goto'>;
          this.goto.value = { ...g, at: this.now() };
          return;
        }
        case 'backchannel':
          this.backchannel.value = [...this.backchannel.value, p as BackchannelMessage].slice(-200);
          return;
        case 'held:changed': {
          const h = p as Payload<'held:changed'>;
          this.heldChanged.value = { ...this.heldChanged.value, [h.boardId]: (this.heldChanged.value[h.boardId] ?? 0) + 1 };
          return;
        }
        case 'session:boards':
          this.boards.value = (p as Payload<'session:boards'>).boards;
          return;
        case 'session:changed':
          this.sessionChange.value = { ...this.sessionChange.value, ...(p as Payload<'session:changed'>) };
          return;
        default:
          this.other.value = { ...this.other.value, [event]: p };
      }
    });
  }
}
