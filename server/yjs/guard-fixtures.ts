/**
 * Test fixtures for the update guard's unit tests: a server-written board, clients joined to it,
 * the update one edit emits, and hand-made updates written with Yjs' own struct encoders.
 */
import * as encoding from 'lib0/encoding';
import { expect } from 'vitest';
import * as Y from 'yjs';
import type { Phase } from '../../shared/board-schema.ts';
import type { Role } from '../../shared/roles.ts';
import type { GuardContext, GuardResult } from './update-guard.ts';

export type Entry = Y.Map<unknown>;
export const entry = (doc: Y.Doc, root: string, id: string): Entry => doc.getMap<Entry>(root).get(id)!;
export const title = (doc: Y.Doc, id = 'a1'): Y.Text => entry(doc, 'actions', id).get('title') as Y.Text;

/** What server commands do: entries are Y.Maps (an action's title a Y.Text), written by the server. */
export function addEntry(doc: Y.Doc, root: string, id: string, fields: Record<string, unknown>): void {
  const m = new Y.Map<unknown>();
  for (const [k, v] of Object.entries(fields)) m.set(k, v);
  doc.getMap<Entry>(root).set(id, m);
}

export function serverBoard(): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    const board = doc.getMap('board');
    board.set('phase', 'act');
    board.set('locked', false);
    board.set('settings', { dotsPerParticipant: 3 });
    const note = { text: 'Street lights broken', authorId: 'p1', x: 10, y: 20, clusterId: null, createdAt: 1, color: 'yellow' };
    addEntry(doc, 'notes', 'n1', { id: 'n1', ...note });
    addEntry(doc, 'notes', 'n2', { id: 'n2', ...note, text: 'No bus after 9' });
    addEntry(doc, 'clusters', 'c1', { id: 'c1', title: 'Safety', x: 0, y: 0, createdAt: 2 });
    addEntry(doc, 'actions', 'a1', { id: 'a1', title: new Y.Text('Fix the lights'), owner: 'Ms Li', due: null, status: 'planned', clusterId: 'c1', createdAt: 3 });
  }, 'server');
  // Some history: a deleted note leaves deleted items and GC structs in the store.
  doc.transact(() => addEntry(doc, 'notes', 'n3', { id: 'n3', text: 'dup', x: 1, y: 1 }), 'server');
  doc.transact(() => doc.getMap('notes').delete('n3'), 'server');
  return doc;
}

export function join(server: Y.Doc): Y.Doc {
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  return client;
}

/** The update a client's edit emits (one transaction, one update). */
export function edit(client: Y.Doc, change: () => void): Uint8Array {
  let update: Uint8Array = new Uint8Array();
  const capture = (u: Uint8Array) => void (update = u);
  client.on('update', capture);
  client.transact(change);
  client.off('update', capture);
  return update;
}

/** The sender is participant 'me'; `claims` maps client ids already claimed on the board to their participant. */
export function ctx(role: Role, phase: Phase = 'act', locked = false, claims: Record<number, string> = {}, newClientIdsLeft = 32): GuardContext {
  return { role, phase, locked, participantId: 'me', claimOf: (id) => claims[id], newClientIdsLeft };
}

export function expectRejected(r: GuardResult): void {
  expect(r.ok, r.ok ? 'expected a rejection' : r.reason).toBe(false);
}

/** Hand-made updates: blocks of structs (written by Yjs' own Item/GC.write), then a delete set. */
export function craft(blocks: { client: number; clock: number; structs: (Y.Item | Y.GC | Y.Skip)[] }[], ds: [number, number, number][] = []): Uint8Array {
  const enc = new Y.UpdateEncoderV1();
  encoding.writeVarUint(enc.restEncoder, blocks.length);
  for (const b of blocks) {
    encoding.writeVarUint(enc.restEncoder, b.structs.length);
    enc.writeClient(b.client);
    encoding.writeVarUint(enc.restEncoder, b.clock);
    for (const s of b.structs) s.write(enc, 0);
  }
  encoding.writeVarUint(enc.restEncoder, ds.length);
  for (const [client, clock, len] of ds) {
    encoding.writeVarUint(enc.restEncoder, client);
    encoding.writeVarUint(enc.restEncoder, 1);
    enc.writeDsClock(clock);
    enc.writeDsLen(len);
  }
  return enc.toUint8Array();
}

export function item(client: number, clock: number, at: { origin?: Y.ID; right?: Y.ID; parent?: string | Y.ID; sub?: string }, content: unknown): Y.Item {
  // Before integration Item.parent holds a root name or the parent's ID.
  const parent = (at.parent ?? null) as Y.AbstractType<unknown> | null;
  return new Y.Item(Y.createID(client, clock), null, at.origin ?? null, null, at.right ?? null, parent, at.sub ?? null, content as Y.ContentAny);
}
