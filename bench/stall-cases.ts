/**
 * The attacks of `npm run bench:stall` and the boards they hit. Each case is one crafted frame
 * (or one burst) from one connection of one role; the board is prepared through the server's
 * ordinary API first: for Yishi a session, a resident who joined by code, a note and an action
 * item (the facilitator's commands over Socket.IO); for the reference server, which has no auth
 * or commands, the same note and action written by a seeding Yjs client.
 */
import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import { io } from 'socket.io-client';
import type { CreateSessionResponse, JoinResponse } from '../shared/http-api.ts';
import {
  awarenessBurst, deletedRunWithRanges, fieldSetChain, gcClaimingLength, gcForNewClients, unknownDeleteRanges, updateMessage,
  type StructId,
} from './crafted-frames.ts';
import { RawPeer } from './stall-probe.ts';
import type { ServerProcess } from './servers.ts';
import { post } from './boards.ts';

export type CaseId = 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g' | 'h';
export const allCases: readonly CaseId[] = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
/** Cases that mean the same on the reference server (it has no roles and no guard). */
export const referenceCases: ReadonlySet<CaseId> = new Set(['a', 'c', 'd']);

export interface Sizes {
  structs: number;
  ranges: number;
  frames: number;
  clients: number;
}

/** What the attacker sends, and what tells the bench the server has dealt with it. */
export interface Attack {
  frames: Uint8Array[];
  /** 'update': the observer receives a relayed update; 'awareness': it sees this awareness clock. */
  done: { kind: 'update' } | { kind: 'awareness'; id: number; clock: number };
}

export interface CaseSpec {
  id: CaseId;
  label: string;
  role: 'resident' | 'facilitator';
  attack(board: Board, sizes: Sizes): Attack;
}

/** A fresh client id that takes five bytes, as a real random one does; never reused in one run. */
let nextClient = 2 ** 30 + (randomBytes(2).readUInt16BE() << 12);
const freshClient = (): number => nextClient++;
/** One-byte client ids keep the struct-heavy frames under 1 MiB, as an attacker would. */
const smallClient = (): number => 1 + (randomBytes(1)[0]! % 100);

export const cases: readonly CaseSpec[] = [
  {
    id: 'a', label: 'resident: 100k-struct update (notes.<id>.x)', role: 'resident',
    attack: (b, s) => ({ frames: [updateMessage(fieldSetChain(smallClient(), b.noteX, s.structs))], done: { kind: 'update' } }),
  },
  {
    id: 'b', label: 'resident: delete set of 250k ranges (unknown clocks)', role: 'resident',
    attack: (_b, s) => ({ frames: [updateMessage(unknownDeleteRanges(freshClient(), s.ranges))], done: { kind: 'update' } }),
  },
  {
    id: 'c', label: 'facilitator: 100k-struct update (notes.<id>.x)', role: 'facilitator',
    attack: (b, s) => ({ frames: [updateMessage(fieldSetChain(smallClient(), b.noteX, s.structs))], done: { kind: 'update' } }),
  },
  {
    id: 'd', label: 'resident: 20k awareness frames back to back', role: 'resident',
    attack: (_b, s) => {
      const id = freshClient();
      return { frames: awarenessBurst(id, s.frames), done: { kind: 'awareness', id, clock: s.frames } };
    },
  },
  {
    id: 'e', label: 'resident: GC structs for 60k new client ids', role: 'resident',
    attack: (_b, s) => {
      const first = freshClient();
      nextClient += s.clients;
      return { frames: [updateMessage(gcForNewClients(first, s.clients))], done: { kind: 'update' } };
    },
  },
  {
    id: 'f', label: 'resident: one GC struct of length 10^12', role: 'resident',
    attack: () => ({ frames: [updateMessage(gcClaimingLength(freshClient(), 1e12))], done: { kind: 'update' } }),
  },
  {
    id: 'g', label: 'facilitator: delete set of 250k ranges (over its own deleted run in a title)', role: 'facilitator',
    attack: (b, s) => ({ frames: [updateMessage(deletedRunWithRanges(smallClient(), b.titleEnd, s.ranges))], done: { kind: 'update' } }),
  },
  {
    // The guard's per-frame limit is 500 structs and blocks (server/yjs/frame-limits.ts):
    // the most expensive frame it accepts, checked, applied, committed and relayed.
    id: 'h', label: 'facilitator: the largest update the guard accepts (499 structs, notes.<id>.x)', role: 'facilitator',
    attack: (b) => ({ frames: [updateMessage(fieldSetChain(smallClient(), b.noteX, 499))], done: { kind: 'update' } }),
  },
];

/** A prepared board: where each role connects, and the structs the crafted frames attach to. */
export interface Board {
  url(role: 'resident' | 'facilitator'): string;
  /** The Item currently holding notes.<id>.x. */
  noteX: StructId;
  /** The last character of actions.<id>.title. */
  titleEnd: StructId;
  /** A moderator's connection that sees relayed updates and awareness. */
  observer: RawPeer;
}

const timeoutMs = 30_000;


type Ack = { ok: boolean; error?: { code: string; message: string }; [k: string]: unknown };

async function facilitatorCommands(base: string, token: string, commands: [string, object][]): Promise<Ack[]> {
  const socket = io(base, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const acks: Ack[] = [];
    for (const [name, payload] of commands) {
      const ack = (await socket.timeout(timeoutMs).emitWithAck(name, payload)) as Ack;
      if (!ack.ok) throw new Error(`${name}: ${ack.error?.code} ${ack.error?.message}`);
      acks.push(ack);
    }
    return acks;
  } finally {
    socket.close();
  }
}

/** Connects a moderator's peer and reads the whole document through it. */
async function observe(url: string): Promise<{ peer: RawPeer; doc: Y.Doc }> {
  const peer = await RawPeer.open(url, timeoutMs);
  await peer.greeted;
  const state = await peer.fullState(timeoutMs);
  if (!state) throw new Error('no full state for the observer');
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state.update);
  return { peer, doc };
}

function anchors(doc: Y.Doc, noteId: string, actionId: string): { noteX: StructId; titleEnd: StructId } {
  const note = doc.getMap('notes').get(noteId) as Y.Map<unknown> | undefined;
  const action = doc.getMap('actions').get(actionId) as Y.Map<unknown> | undefined;
  // Yjs keeps each map key's current Item in `_map`; a Y.Text's Items are linked from `_start`.
  const x = (note as unknown as { _map: Map<string, Y.Item> } | undefined)?._map.get('x');
  const title = action?.get('title');
  if (!x || !(title instanceof Y.Text)) throw new Error('the prepared note or action is not in the document');
  let last = title._start;
  while (last?.right) last = last.right;
  if (!last) throw new Error('the action title is empty');
  return { noteX: { ...x.id }, titleEnd: { client: last.id.client, clock: last.id.clock + last.length - 1 } };
}

/** A Yishi session with a resident, a note and an action item, and a facilitator's observer. */
export async function prepareYishi(server: ServerProcess): Promise<Board> {
  const base = server.httpUrl;
  const session = await post<CreateSessionResponse>(base, '/api/sessions', { title: 'stall bench' });
  const boardId = session.boards[0]!.id;
  const resident = await post<JoinResponse>(base, '/api/join', { joinCode: session.joinCode, name: 'Resident' });
  const [note, action] = await facilitatorCommands(base, session.facilitatorToken, [
    ['note:add', { boardId, text: 'The lift is broken' }],
    ['action:add', { boardId, title: 'Repair the lift' }],
  ]);
  const tokens = { resident: resident.token, facilitator: session.facilitatorToken };
  const url = (role: 'resident' | 'facilitator') => `ws://127.0.0.1:${server.port}/yjs/${boardId}?token=${encodeURIComponent(tokens[role])}`;
  const { peer, doc } = await observe(url('facilitator'));
  return { url, observer: peer, ...anchors(doc, String(note!.noteId), String(action!.actionId)) };
}

/** The same note and action in a fresh room of the reference server, written by a seeding client. */
export async function prepareReference(server: ServerProcess): Promise<Board> {
  const room = `stall-${randomBytes(6).toString('hex')}`;
  const url = () => `ws://127.0.0.1:${server.port}/${room}`;
  const seed = new Y.Doc();
  seed.transact(() => {
    const note = new Y.Map<unknown>();
    seed.getMap('notes').set('n1', note);
    note.set('x', 0);
    const action = new Y.Map<unknown>();
    seed.getMap('actions').set('a1', action);
    action.set('title', new Y.Text('Repair the lift'));
  });
  const seeder = await RawPeer.open(url(), timeoutMs);
  await seeder.greeted;
  // The reference server echoes an update to its sender too: that echo says it was applied.
  const echoed = seeder.waitFor((m) => m.type === 'sync' && m.step === 2, timeoutMs);
  seeder.send(updateMessage(Y.encodeStateAsUpdate(seed)));
  if (!(await echoed)) throw new Error('the reference server did not take the seed');
  seeder.close();
  const { peer, doc } = await observe(url());
  return { url, observer: peer, ...anchors(doc, 'n1', 'a1') };
}
