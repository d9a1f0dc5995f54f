/**
 * What the server pushes on the command channel, kept as signals: the roster, the server's
 * clock (for the shared timer), vote progress, participation balance, requests to open a
 * board, the back-channel and session changes. Pure: the channel calls `receive`.
 */
import { batch, signal } from '@preact/signals';
import type { BackchannelMessage } from '../../../shared/command-results.ts';
import type { Role } from '../../../shared/roles.ts';
import type { PushArgs, RosterPush, ServerPushes } from '../../../shared/socket-protocol.ts';

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
  readonly voteProgress = signal<Record<string, ServerPushes['vote:progress']>>({});
  readonly participation = signal<ServerPushes['participation'] | null>(null);
  /** The latest "everyone open this board" request; compare `at` to notice a new one. */
  readonly goto = signal<{ boardId: string; by: string; at: number } | null>(null);
  /** Back-channel messages in arrival order (moderators only). */
  readonly backchannel = signal<BackchannelMessage[]>([]);
  /** Bumped per board whenever a held concern of interest changed: re-fetch with `notes:held`. */
  readonly heldChanged = signal<Record<string, number>>({});
  /** The session's boards after a breakout was created. */
  readonly boards = signal<ServerPushes['session:boards']['boards'] | null>(null);
  /** Join code / joining open / lead facilitator, as last changed. */
  readonly sessionChange = signal<ServerPushes['session:changed'] | null>(null);
  /** Pushes this model does not know (newer servers): the last of each, by event name. */
  readonly other = signal<Record<string, unknown>>({});

  constructor(private readonly now: () => number = Date.now) {}

  /** Takes one server push. */
  receive(...[event, p]: PushArgs): void {
    batch(() => {
      switch (event) {
        case 'hello':
          this.me.value = { participantId: p.participantId, role: p.role, sessionId: p.sessionId };
          this.clockOffset.value = p.serverNow - this.now();
          return;
        case 'roster':
          this.roster.value = p;
          return;
        case 'vote:progress':
          this.voteProgress.value = { ...this.voteProgress.value, [p.boardId]: p };
          return;
        case 'participation':
          this.participation.value = p;
          return;
        case 'board:goto':
          this.goto.value = { ...p, at: this.now() };
          return;
        case 'backchannel':
          this.backchannel.value = [...this.backchannel.value, p].slice(-200);
          return;
        case 'held:changed':
          this.heldChanged.value = { ...this.heldChanged.value, [p.boardId]: (this.heldChanged.value[p.boardId] ?? 0) + 1 };
          return;
        case 'session:boards':
          this.boards.value = p.boards;
          return;
        case 'session:changed':
          this.sessionChange.value = { ...this.sessionChange.value, ...p };
          return;
        default:
          this.other.value = { ...this.other.value, [event]: p };
      }
    });
  }
}
