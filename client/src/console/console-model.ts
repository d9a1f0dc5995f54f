/**
 * What every part of the console shares: who is acting (for `can()`), sending a command with
 * a spoken result, asking for a reason in a dialog, and the session's boards and join code
 * (`GET /api/me`, kept current by the server's pushes).
 */
import { computed, effect, signal } from '@preact/signals';
import type { ReadonlySignal, Signal } from '@preact/signals';
import type { CommandName, CommandPayload } from '../../../shared/commands.ts';
import { can } from '../../../shared/permissions.ts';
import type { Actor } from '../../../shared/roles.ts';
import { ApiError, getMe } from '../api.ts';
import type { ApiErrorCode, MeResponse } from '../api.ts';
import { isQueued } from '../board-connection.ts';
import type { PeerPresence, SendAck } from '../board-connection.ts';
import type { MessageKey } from '../i18n.ts';
import { t } from '../i18n.ts';
import type { BoardModel } from '../model/board-model.ts';
import type { SessionPushes } from '../model/session-pushes.ts';
import type { StoredSession } from '../session-store.ts';

/** The part of a `BoardConnection` the console uses (tests pass a fake). */
export interface ConsoleConn {
  readonly model: ReadonlySignal<BoardModel>;
  readonly pushes: SessionPushes;
  send<N extends CommandName>(name: N, payload: CommandPayload<N>): Promise<SendAck<N>>;
  /** Others on this board as awareness tells moderators (with tablets' outbox counts). */
  readonly peers?: ReadonlySignal<PeerPresence[]>;
}

/**
 * A line's words, made when shown: read in a component, so a language switch redraws the line
 * in the new language instead of leaving the old one in the live region.
 */
export type Words = () => string;

/** A short result line, read out by the console's live region. */
export interface Notice {
  kind: 'ok' | 'error';
  text: Words;
  /** Bumped so the same text twice is announced twice. */
  id: number;
}

/** A question the console asks in a dialog (a reason, a label, a confirmation text). */
export interface Prompt {
  title: string;
  label: string;
  /** Required text must be non-empty (or equal `mustEqual`) before confirming. */
  required: boolean;
  mustEqual?: string;
  multiline?: boolean;
  confirmLabel?: string;
  resolve(value: string | null): void;
}

/** The session as `GET /api/me` tells a moderator, plus pushes. */
export interface SessionDetails {
  title: string;
  boards: { id: string; title: string; kind: 'plenary' | 'breakout' }[];
  joinCode: string | null;
  joinUrl: string | null;
  joinOpen: boolean | null;
  escalationCode: string | null;
  published: boolean | null;
  leadFacilitator: string | null;
}

const errorKeys: Partial<Record<string, MessageKey>> = {
  PHASE: 'console.error.PHASE',
  LOCKED: 'console.error.LOCKED',
  FORBIDDEN: 'console.error.FORBIDDEN',
  NOT_FOUND: 'console.error.NOT_FOUND',
  CONFLICT: 'console.error.CONFLICT',
  VALIDATION: 'console.error.VALIDATION',
  NETWORK: 'console.error.NETWORK',
  RATE_LIMITED: 'console.error.RATE_LIMITED',
  BUDGET: 'console.error.BUDGET',
  CAP: 'console.error.CAP',
  JOIN_CLOSED: 'console.error.JOIN_CLOSED',
};

/** A sentence for a failed command or request: ours for known codes, the server's words after it. */
export function errorText(code: ApiErrorCode | string, message?: string): string {
  const key = errorKeys[code];
  const ours = key ? t(key) : t('console.error.other', { code });
  return message && code !== 'NETWORK' ? `${ours} (${message})` : ours;
}

/** Shared state and actions of one console. */
export class ConsoleModel {
  readonly actor: Actor;
  readonly notice = signal<Notice | null>(null);
  readonly prompt = signal<Prompt | null>(null);
  readonly details: Signal<SessionDetails>;
  /** Commands waiting for their ack, by name (buttons show "working"). */
  readonly pending = signal<ReadonlySet<string>>(new Set());
  /** Bumped after every command this console had accepted (views that cache server answers refresh on it). */
  readonly changes = signal(0);
  private readonly stops: (() => void)[] = [];
  private notices = 0;
  private destroyed = false;

  constructor(
    readonly conn: ConsoleConn,
    readonly stored: StoredSession,
    readonly boardId: string,
    loadMe: (token: string) => Promise<MeResponse & { escalationCode?: string }> = (token) => getMe(token),
  ) {
    this.actor = { participantId: stored.participantId, sessionId: stored.sessionId, role: stored.role, name: null };
    this.details = signal<SessionDetails>({
      title: stored.title,
      boards: [],
      joinCode: stored.joinCode ?? null,
      joinUrl: null,
      joinOpen: null,
      escalationCode: null,
      published: null,
      leadFacilitator: null,
    });
    this.refreshDetails(loadMe);
    // Pushes change parts of the session after load: the code, joining, breakouts, publication.
    this.stops.push(effect(() => {
      const change = conn.pushes.sessionChange.value;
      if (!change) return;
      const d = this.details.peek();
      this.details.value = {
        ...d,
        joinOpen: change.joinOpen ?? d.joinOpen,
        joinCode: change.joinCode ?? d.joinCode,
        joinUrl: change.joinCode && d.joinUrl ? d.joinUrl.replace(/\/j\/[^/]*$/, `/j/${change.joinCode}`) : d.joinUrl,
        published: change.published ?? d.published,
        leadFacilitator: change.leadFacilitator ?? d.leadFacilitator,
      };
    }));
    this.stops.push(effect(() => {
      const boards = conn.pushes.boards.value;
      if (boards) this.details.value = { ...this.details.peek(), boards };
    }));
  }

  /** The board model now (it is replaced after a refused write: never keep it). */
  get board(): BoardModel {
    return this.conn.model.value;
  }

  readonly isPlenary = computed(() => this.conn.model.value.breakout.value === null);

  /** Whether the server would accept `command` from this console on this board now. */
  can(command: CommandName, targetAuthorId?: string | null): boolean {
    return can(this.actor, command, this.board.state(targetAuthorId)).ok;
  }

  /** Whether a command is waiting for its ack. */
  isPending(command: string): boolean {
    return this.pending.value.has(command);
  }

  /**
   * Sends a command, shows its outcome (`success` on ok, the error otherwise) and resolves with
   * the ack. The payload is the command's own (board commands name `boardId`: this console's board).
   */
  async run<N extends CommandName>(command: N, payload: CommandPayload<N>, success?: Words): Promise<SendAck<N>> {
    this.pending.value = new Set([...this.pending.value, command]);
    let ack: SendAck<N>;
    try {
      ack = await this.conn.send(command, payload);
    } finally {
      const next = new Set(this.pending.value);
      next.delete(command);
      this.pending.value = next;
    }
    if (ack.ok) {
      this.changes.value += 1;
      if (isQueued(ack)) this.say('ok', () => t('console.queued'));
      else if (success) this.say('ok', success);
    } else {
      this.say('error', () => errorText(ack.error.code, ack.error.message));
    }
    return ack;
  }

  /** Announces a line in the live region. */
  say(kind: Notice['kind'], text: Words): void {
    if (this.destroyed) return;
    this.notices += 1;
    this.notice.value = { kind, text, id: this.notices };
  }

  /** Reports a failed HTTP request. */
  fail(err: unknown): void {
    if (err instanceof ApiError) this.say('error', () => errorText(err.code, err.message));
    else this.say('error', () => errorText('INTERNAL'));
  }

  /** Asks for text in a dialog; null when cancelled. */
  ask(question: Omit<Prompt, 'resolve'>): Promise<string | null> {
    this.prompt.value?.resolve(null);
    return new Promise((resolve) => {
      this.prompt.value = {
        ...question,
        resolve: (value) => {
          this.prompt.value = null;
          resolve(value);
        },
      };
    });
  }

  /** The title of a board of this session, or its id. */
  boardTitle(boardId: string): string {
    return this.details.value.boards.find((b) => b.id === boardId)?.title ?? boardId;
  }

  private refreshDetails(loadMe: (token: string) => Promise<MeResponse & { escalationCode?: string }>): void {
    loadMe(this.stored.token).then(
      (me) => {
        if (this.destroyed) return;
        const d = this.details.peek();
        this.details.value = {
          ...d,
          title: me.title,
          boards: d.boards.length > me.boards.length ? d.boards : me.boards,
          joinCode: me.joinCode ?? d.joinCode,
          joinUrl: me.joinUrl ?? d.joinUrl,
          joinOpen: me.joinOpen ?? d.joinOpen,
          escalationCode: me.escalationCode ?? d.escalationCode,
          published: (me as { published?: boolean }).published ?? d.published,
        };
        this.actor.name = me.name;
      },
      () => {
        // offline: the stored title and code stand in; the shell shows the connection problem
      },
    );
  }

  destroy(): void {
    this.destroyed = true;
    this.prompt.value?.resolve(null);
    for (const stop of this.stops) stop();
  }
}
