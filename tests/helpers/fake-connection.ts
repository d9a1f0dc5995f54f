/**
 * A deterministic stand-in for a y-websocket connection, as BoardRoom sees one (RoomConnection):
 * it keeps every frame the room sends, decoded, and how it was closed. No socket, no timer.
 */
import * as Y from 'yjs';
import type { Actor, Role } from '../../shared/roles.ts';
import { isModerator } from '../../shared/roles.ts';
import { decodeMessage, type InboundMessage } from '../../server/yjs/protocol-frames.ts';
import type { RoomConnection } from '../../server/yjs/board-fanout.ts';

export interface FakeConnection extends RoomConnection {
  /** Every frame the room sent, in order, decoded (the wire format is the same both ways). */
  readonly received: InboundMessage[];
  /** How the room closed it, or null. */
  closed: { code: number; reason: string } | null;
  /** The document updates among the received frames (live updates and sync step 2), in order. */
  updates(): Uint8Array[];
}

/** A connection of `participantId` with `role` in session s1, flags as the Yjs endpoint sets them. */
export function fakeConnection(id: string, participantId: string, role: Role = 'facilitator'): FakeConnection {
  const actor: Actor = { participantId, sessionId: 's1', role, name: participantId };
  const conn: FakeConnection = {
    id,
    actor,
    receivesAwareness: isModerator(role),
    publishesAwareness: role !== 'screen',
    stamp: () => ({ participantId, role, name: participantId }),
    received: [],
    closed: null,
    send(frame) {
      conn.received.push(decodeMessage(frame));
    },
    close(code, reason) {
      conn.closed = { code, reason };
    },
    updates() {
      return conn.received.flatMap((m) => (m.type === 'update' || m.type === 'sync-step2' ? [m.update] : []));
    },
  };
  return conn;
}

/**
 * A client document holding `state`, writing under a chosen client id (so tests can reuse an id
 * on purpose). The id is set after the state is applied: Yjs picks a new id when a remote update
 * carries the document's own.
 */
export function clientDoc(clientId: number, state?: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  if (state) Y.applyUpdate(doc, state);
  doc.clientID = clientId;
  return doc;
}
