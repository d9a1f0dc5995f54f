/**
 * What the tablet's parts share: who I am (for `can()`), the board's connection, and one place
 * that sends a command and turns a refusal into a sentence a resident can act on.
 */
import { effect, signal } from '@preact/signals';
import type { CommandName, CommandPayload } from '../../../shared/commands.ts';
import { can } from '../../../shared/permissions.ts';
import type { Actor } from '../../../shared/roles.ts';
import type { BoardConnection, CommandAck, SendAck } from '../board-connection.ts';
import type { MessageKey } from '../i18n.ts';
import type { BoardModel } from '../model/board-model.ts';

/** An error code from an ack (the server's, or NETWORK). */
export type AckCode = Extract<CommandAck, { ok: false }>['error']['code'];

/** The tablet's sentence for each refusal; anything else gets the generic one. */
const refusalKeys: Partial<Record<AckCode, MessageKey>> = {
  PHASE: 'tablet.refused.PHASE',
  LOCKED: 'tablet.refused.LOCKED',
  FORBIDDEN: 'tablet.refused.FORBIDDEN',
  BUDGET: 'tablet.refused.BUDGET',
  CAP: 'tablet.refused.CAP',
  VALIDATION: 'tablet.refused.VALIDATION',
  NOT_FOUND: 'tablet.refused.NOT_FOUND',
  NETWORK: 'tablet.refused.NETWORK',
  RATE_LIMITED: 'tablet.refused.RATE_LIMITED',
  CONFLICT: 'tablet.refused.CONFLICT',
  PAYLOAD_TOO_LARGE: 'tablet.refused.PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'tablet.refused.UNSUPPORTED_MEDIA_TYPE',
  VOTE_CLOSED: 'tablet.refused.VOTE_CLOSED',
};

/** The message key that explains a refusal to a resident. */
export function refusalKey(code: AckCode): MessageKey {
  return refusalKeys[code] ?? 'tablet.refused.other';
}

/** A short message shown under the header (a refusal, or a confirmation). */
export interface TabletNotice {
  tone: 'error' | 'ok';
  key: MessageKey;
  vars?: Record<string, string | number>;
  /** Bumped for each notice so the same message said twice is announced twice. */
  seq: number;
}

/** Shared state and actions of one tablet on one board. */
export class TabletModel {
  readonly notice = signal<TabletNotice | null>(null);
  /** A request to bring a note or theme into view on the board ("Show me"). */
  readonly showOnBoard = signal<{ id: string; seq: number } | null>(null);
  private seq = 0;
  private readonly stops: (() => void)[] = [];

  constructor(readonly conn: BoardConnection, readonly boardId: string, readonly actor: Actor) {
    // "No connection to the server" is over once the connection is back: leaving it under an
    // "Online · All saved" badge says two contrary things at once.
    this.stops.push(effect(() => {
      if (conn.status.value !== 'online') return;
      if (this.notice.peek()?.key === 'tablet.refused.NETWORK') this.clearNotice();
    }));
  }

  /** The board as it is now (replaced after a reset: never keep it). */
  get board(): BoardModel {
    return this.conn.model.value;
  }

  /** Whether the server would accept `command` from me on this board now. */
  may(command: CommandName, targetAuthorId?: string | null): boolean {
    return can(this.actor, command, this.board.state(targetAuthorId)).ok;
  }

  /** Sends a command; a refusal becomes the notice. */
  async run<N extends CommandName>(name: N, payload: CommandPayload<N>): Promise<SendAck<N>> {
    const ack = await this.conn.send(name, payload);
    if (!ack.ok) this.say('error', refusalKey(ack.error.code));
    return ack;
  }

  say(tone: TabletNotice['tone'], key: MessageKey, vars?: Record<string, string | number>): void {
    this.notice.value = { tone, key, vars, seq: ++this.seq };
  }

  /** Asks the board view to bring an item into view. */
  show(id: string): void {
    this.showOnBoard.value = { id, seq: ++this.seq };
  }

  clearNotice(): void {
    this.notice.value = null;
  }

  destroy(): void {
    for (const stop of this.stops) stop();
  }
}
