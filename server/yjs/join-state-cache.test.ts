/**
 * The join cache: what a new tablet gets is always the document as it is now; the blocks of
 * changes stay few (each under half the one before), so a join merges only what is new; the
 * encoding is renewed in a lull past an eighth, on a busy board only past the whole.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BusyReencodeFactor, JoinStateCache, MaxBlockBytes } from './join-state-cache.ts';

/**
 * A board of `concerns` concerns whose changes feed a cache; `enc` encodes the whole board for
 * the cache and `encodings()` says how many times it was called.
 */
function board(concerns: number) {
  const doc = new Y.Doc();
  const cache = new JoinStateCache();
  doc.on('update', (u: Uint8Array) => cache.noteUpdate(u));
  const notes = doc.getMap<Y.Map<unknown>>('notes');
  const add = (i: number) => {
    const n = new Y.Map<unknown>();
    n.set('text', `concern number ${i}: the lift in block ${i % 9} stops between floors`);
    notes.set(`n${i}`, n);
  };
  for (let i = 0; i < concerns; i++) add(i);
  let encoded = 0;
  const enc = () => {
    encoded++;
    return Y.encodeStateAsUpdate(doc);
  };
  return { doc, cache, add, enc, encodings: () => encoded };
}

function replay(parts: Uint8Array[]): Y.Doc {
  const d = new Y.Doc();
  for (const p of parts) Y.applyUpdate(d, p);
  return d;
}

describe('JoinStateCache', () => {
  it('on a busy board every join gets the document as it is now, from one encoding and a few blocks each under half the one before', () => {
    const { doc, cache, add, enc, encodings } = board(400);
    const first = cache.forNewClient(enc, false);
    expect(first).toHaveLength(1);
    let i = 400;
    let maxBlocks = 0;
    // Joins arrive between bursts of 1–9 concerns; the board grows by about a half, under the whole.
    for (let join = 0; join < 40; join++) {
      for (let k = 0; k < 1 + (join % 9); k++) add(i++);
      const parts = cache.forNewClient(enc, false);
      expect(parts[0]).toBe(first[0]);
      const blocks = parts.slice(1);
      for (let b = 1; b < blocks.length; b++) expect(blocks[b]!.length * 2).toBeLessThan(blocks[b - 1]!.length);
      for (const block of blocks) expect(block.length).toBeLessThanOrEqual(MaxBlockBytes);
      maxBlocks = Math.max(maxBlocks, blocks.length);
      expect(replay(parts).getMap('notes').size).toBe(i);
      expect(Y.encodeStateVector(replay(parts))).toEqual(Y.encodeStateVector(doc));
    }
    expect(encodings()).toBe(1);
    // 40 joins, yet the blocks stay logarithmically few.
    expect(maxBlocks).toBeLessThanOrEqual(Math.ceil(Math.log2(i - 400)) + 1);
  });

  it('joins with nothing new since the last one get the same bytes objects (their frames are shared)', () => {
    const { cache, add, enc } = board(50);
    cache.forNewClient(enc, false);
    for (let i = 50; i < 60; i++) add(i);
    const a = cache.forNewClient(enc, false);
    const b = cache.forNewClient(enc, false);
    expect(b).toHaveLength(a.length);
    a.forEach((part, k) => expect(b[k]).toBe(part));
  });

  it('in a lull past an eighth the encoding is renewed; on a busy board not until the changes weigh BusyReencodeFactor times as much', () => {
    const { doc, cache, add, enc, encodings } = board(80);
    const [full] = cache.forNewClient(enc, false);
    let i = 80;
    while (i < 80 + 80 / 8 + 2) add(i++);
    expect(cache.forNewClient(enc, false)[0]).toBe(full);
    expect(encodings()).toBe(1);
    const renewed = cache.forNewClient(enc, true);
    expect(renewed).toHaveLength(1);
    expect(encodings()).toBe(2);
    // Busy from here: the changes outweigh the encoding, and the next join encodes anew.
    const size = renewed[0]!.length;
    let added = 0;
    while (added <= size * BusyReencodeFactor) {
      const before = Y.encodeStateAsUpdate(doc).length;
      add(i++);
      added += Y.encodeStateAsUpdate(doc).length - before;
    }
    const after = cache.forNewClient(enc, false);
    expect(encodings()).toBe(3);
    expect(after).toHaveLength(1);
    expect(replay(after).getMap('notes').size).toBe(i);
  });

  it('a seeded snapshot replaces the encoding and its blocks', () => {
    const { doc, cache, add, enc, encodings } = board(30);
    cache.forNewClient(enc, false);
    for (let i = 30; i < 35; i++) add(i);
    const snapshot = Y.encodeStateAsUpdate(doc);
    cache.seed(snapshot);
    add(35);
    const parts = cache.forNewClient(enc, false);
    expect(parts[0]).toBe(snapshot);
    expect(parts).toHaveLength(2);
    expect(replay(parts).getMap('notes').size).toBe(36);
    expect(encodings()).toBe(1);
  });

  it('past MaxBlockBytes blocks stop merging, and changes with no join merge as they accumulate: every block stays within the bound and the joins still get the whole document', () => {
    const { doc, cache, add, enc, encodings } = board(6000);
    cache.forNewClient(enc, false);
    let i = 6000;
    // About 1 MB of new concerns with no join, then joins between small bursts.
    while (i < 13_000) add(i++);
    for (let join = 0; join < 10; join++) {
      for (let k = 0; k < 50; k++) add(i++);
      const parts = cache.forNewClient(enc, false);
      const blocks = parts.slice(1);
      expect(blocks.length).toBeGreaterThan(2);
      for (const block of blocks) expect(block.length).toBeLessThanOrEqual(MaxBlockBytes);
      expect(Y.encodeStateVector(replay(parts))).toEqual(Y.encodeStateVector(doc));
    }
    expect(replay(cache.forNewClient(enc, false)).getMap('notes').size).toBe(i);
    expect(encodings()).toBe(1);
  });
});

describe('JoinStateCache: what was deleted never reaches a new tablet', () => {
  function hall(): { doc: Y.Doc; cache: JoinStateCache; enc: () => Uint8Array } {
    const doc = new Y.Doc();
    const cache = new JoinStateCache();
    doc.on('afterTransaction', (tr: Y.Transaction) => cache.noteTransaction(tr));
    doc.on('update', (u: Uint8Array) => cache.noteUpdate(u));
    const notes = doc.getMap<Y.Map<unknown>>('notes');
    for (let i = 0; i < 200; i++) {
      const n = new Y.Map<unknown>();
      notes.set(`n${i}`, n);
      n.set('text', `ordinary concern ${i}`);
      n.set('x', i);
      n.set('clusterId', null);
    }
    return { doc, cache, enc: () => Y.encodeStateAsUpdate(doc) };
  }
  const bytesHold = (parts: Uint8Array[], s: string) => parts.some((p) => Buffer.from(p).toString('utf8').includes(s));

  it('a concern added after the encoding and then deleted is in no part a new tablet gets', () => {
    const { doc, cache, enc } = hall();
    cache.forNewClient(enc, false);
    const n = new Y.Map<unknown>();
    doc.getMap('notes').set('secret', n);
    n.set('text', 'my phone is 13800000000');
    expect(bytesHold(cache.forNewClient(enc, false), '13800000000')).toBe(true);
    doc.getMap('notes').delete('secret');
    const parts = cache.forNewClient(enc, false);
    expect(bytesHold(parts, '13800000000')).toBe(false);
    expect(parts).toHaveLength(1);
  });

  it('a concern in the encoding whose text is overwritten is in no part a new tablet gets', () => {
    const { doc, cache, enc } = hall();
    (doc.getMap('notes').get('n7') as Y.Map<unknown>).set('text', 'call me on 13900000000');
    cache.forNewClient(enc, false);
    (doc.getMap('notes').get('n7') as Y.Map<unknown>).set('text', 'redacted');
    const parts = cache.forNewClient(enc, false);
    expect(bytesHold(parts, '13900000000')).toBe(false);
    expect(bytesHold(parts, 'redacted')).toBe(true);
  });

  it('moves and theme assignments keep the cached encoding (positive control: the cache is not dropped for everything)', () => {
    const { doc, cache, enc } = hall();
    const [full] = cache.forNewClient(enc, false);
    const n3 = doc.getMap('notes').get('n3') as Y.Map<unknown>;
    n3.set('x', 500);
    n3.set('clusterId', 'c1');
    n3.set('clusterId', 'c2');
    const parts = cache.forNewClient(enc, false);
    expect(parts[0]).toBe(full);
    expect((replay(parts).getMap('notes').get('n3') as Y.Map<unknown>).get('clusterId')).toBe('c2');
  });
});
