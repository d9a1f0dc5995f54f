/** A small finished consultation for the publishing, export, follow-up and escalation tests: real server, real clients. */
import type { Socket } from 'socket.io-client';
import type * as Y from 'yjs';
import type { CreateSessionResponse, JoinResponse } from '../../shared/http-api.ts';
import type { TestServer } from './test-server.ts';
import { command, connectProvider, connectSocket, createSession, eventually, join, synced, type AckResult } from './clients.ts';

/** Fails the test with the ack's error when a setup command is refused. */
export async function ok(sock: Socket, name: string, payload: unknown): Promise<AckResult> {
  const ack = await command(sock, name, payload);
  if (!ack.ok) throw new Error(`${name} refused: ${JSON.stringify(ack.error)}`);
  return ack;
}

/** Sets an action's owner and due date the way the client does: a moderator's direct Yjs write. */
export async function setActionFields(server: TestServer, sessionId: string, boardId: string, token: string, actionId: string, fields: { owner?: string; due?: string | null }): Promise<void> {
  const p = connectProvider(server.wsUrl, boardId, token);
  try {
    await synced(p);
    p.doc.transact(() => {
      const m = p.doc.getMap<Y.Map<unknown>>('actions').get(actionId)!;
      for (const [k, v] of Object.entries(fields)) m.set(k, v);
    });
    const room = await server.app.rooms.get(boardId, sessionId);
    await eventually(() => {
      const m = room.doc.getMap<Y.Map<unknown>>('actions').get(actionId);
      for (const [k, v] of Object.entries(fields)) if (m?.get(k) !== v) throw new Error(`${k} not yet on the server`);
    });
    // Applied is not yet committed: public reads see only what is durable.
    await room.whenCommitted();
  } finally {
    p.destroy();
  }
}

export interface Consultation {
  s: CreateSessionResponse;
  boardId: string;
  fac: Socket;
  resident: JoinResponse;
  residentSock: Socket;
  themeId: string;
  noteIds: { visible: string; hidden: string; unthemed: string; formula: string };
  actionIds: { overdue: string; future: string };
  close(): void;
}

/** Names and reasons that must never reach the public results. */
export const Secrets = {
  residentName: 'Resident Zhang Secret',
  hideReason: 'HIDE-REASON-offensive-words',
  kickReason: 'KICK-REASON-disruptive',
  kickedName: 'Kicked Person Secret',
} as const;

/**
 * A session with a theme of two concerns (one later hidden), an unthemed concern, a formula
 * concern, two action items (one overdue), a removed participant, and votes cast (not revealed).
 */
export async function consultation(server: TestServer, title = 'Lift repair 电梯维修'): Promise<Consultation> {
  const s = await createSession(server.url, title, { voteOn: 'notes' });
  const boardId = s.boards[0]!.id;
  const fac = await connectSocket(server.url, s.facilitatorToken);
  const resident = await join(server.url, s.joinCode, { name: Secrets.residentName, group: 'resident', ageBand: '60_74', consent: true });
  const residentSock = await connectSocket(server.url, resident.token);
  const kicked = await join(server.url, s.joinCode, { name: Secrets.kickedName });
  const add = async (text: string) => (await ok(residentSock, 'note:add', { boardId, text })).noteId as string;
  const visible = await add('The lift is broken every week');
  const hidden = await add('HIDDEN-CONCERN-text');
  const unthemed = await add('Stairs need lights');
  const formula = await add('=HYPERLINK("http://x","y")');
  await ok(fac, 'note:hide', { boardId, noteId: hidden, reason: Secrets.hideReason });
  await ok(fac, 'participant:kick', { participantId: kicked.participantId, reason: Secrets.kickReason });
  await ok(fac, 'phase:set', { boardId, phase: 'cluster' });
  const themeId = (await ok(fac, 'cluster:add', { boardId, title: 'Lift', x: 0, y: 0 })).clusterId as string;
  await ok(fac, 'note:move', { boardId, noteId: visible, x: 10, y: 10, clusterId: themeId });
  await ok(fac, 'phase:set', { boardId, phase: 'vote' });
  await ok(residentSock, 'vote:cast', { boardId, targetId: visible });
  await ok(residentSock, 'vote:cast', { boardId, targetId: visible });
  await ok(residentSock, 'vote:cast', { boardId, targetId: unthemed });
  await ok(fac, 'phase:set', { boardId, phase: 'act' });
  const overdue = (await ok(fac, 'action:add', { boardId, title: 'Call the lift company', clusterId: themeId })).actionId as string;
  const future = (await ok(fac, 'action:add', { boardId, title: 'Install stair lights' })).actionId as string;
  await setActionFields(server, s.sessionId, boardId, s.facilitatorToken, overdue, { owner: 'Housing office 房管所', due: '2020-01-01' });
  await setActionFields(server, s.sessionId, boardId, s.facilitatorToken, future, { owner: 'Residents committee', due: '2999-12-31' });
  return {
    s, boardId, fac, resident, residentSock, themeId,
    noteIds: { visible, hidden, unthemed, formula }, actionIds: { overdue, future },
    close: () => { fac.close(); residentSock.close(); },
  };
}
