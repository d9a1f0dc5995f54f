import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCodes } from '../../shared/errors.ts';
import { BoardConnection } from './board-connection.ts';
import type { BoardConnectionDeps, CommandChannelEvents, DocTransportEvents } from './board-connection.ts';

/** Fake transports: the test drives every event the real provider and socket would emit. */
function fakes(online = true) {
  const docs: { doc: Y.Doc; events: DocTransportEvents; closed: boolean }[] = [];
  const channel = { events: null as CommandChannelEvents | null, closed: false, reconnects: 0 };
  let setOnline: (v: boolean) => void = () => {};
  const deps: BoardConnectionDeps = {
    openDoc(doc, events) {
      const entry = { doc, events, closed: false };
      docs.push(entry);
      return { close: () => void (entry.closed = true) };
    },
    openChannel(events) {
      channel.events = events;
      return { close: () => void (channel.closed = true), reconnect: () => void channel.reconnects++, send: async () => ({ ok: true }) };
    },
    schedule(run) {
      run();
      return () => {};
    },
    watchNetwork(onChange) {
      setOnline = onChange;
      return { online, stop: () => {} };
    },
  };
  const last = () => docs[docs.length - 1]!;
  return { deps, docs, channel, last, setOnline: (v: boolean) => setOnline(v) };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

function addNote(doc: Y.Doc, id: string, text: string, createdAt: number) {
  const note = new Y.Map<unknown>();
  doc.getMap('notes').set(id, note);
  note.set('text', text);
  note.set('color', 'blue');
  note.set('createdAt', createdAt);
}

describe('BoardConnection status', () => {
  it('is online only when the doc is synced and the command channel is connected', () => {
    const f = fakes();
    const c = new BoardConnection(f.deps);
    expect(c.status.value).toBe('connecting');
    f.last().events.connected(true);
    expect(c.status.value).toBe('syncing');
    f.last().events.synced(true);
    expect(c.status.value).toBe('connecting');
    f.channel.events!.connected();
    expect(c.status.value).toBe('online');
    f.channel.events!.disconnected(false);
    expect(c.status.value).toBe('offline');
    f.channel.events!.connected();
    f.last().events.dropped();
    expect(c.status.value).toBe('offline');
    c.destroy();
  });

  it('says offline when the browser has no network, whatever the sockets think', () => {
    const f = fakes();
    const c = new BoardConnection(f.deps);
    f.last().events.connected(true);
    f.last().events.synced(true);
    f.channel.events!.connected();
    f.setOnline(false);
    expect(c.status.value).toBe('offline');
    f.setOnline(true);
    expect(c.status.value).toBe('online');
    c.destroy();
  });
});

describe('BoardConnection doc', () => {
  it('lists notes oldest first and counts them', () => {
    const f = fakes();
    const c = new BoardConnection(f.deps);
    addNote(f.last().doc, 'b', 'second', 2);
    addNote(f.last().doc, 'a', 'first', 1);
    expect(c.notes.value.map((n) => n.text)).toEqual(['first', 'second']);
    expect(c.counts.value.notes).toBe(2);
    c.destroy();
  });

  it('discards the local doc and starts fresh after a 4403 close', async () => {
    const f = fakes();
    const c = new BoardConnection(f.deps);
    const first = f.last();
    addNote(first.doc, 'x', 'refused', 1);
    first.events.closed(CloseCodes.FORBIDDEN);
    await tick();
    expect(first.closed).toBe(true);
    expect(f.docs).toHaveLength(2);
    expect(c.doc).toBe(f.last().doc);
    expect(c.notes.value).toEqual([]);
    expect(c.resets.value).toBe(1);
    expect(c.problem.value).toBeNull();
    c.destroy();
  });

  it('gives up after repeated 4403 closes instead of looping', async () => {
    const f = fakes();
    const c = new BoardConnection(f.deps);
    for (let i = 0; i < 4; i++) {
      f.last().events.closed(CloseCodes.FORBIDDEN);
      await tick();
    }
    expect(c.problem.value).toBe('forbidden');
    expect(c.status.value).toBe('offline');
    c.destroy();
  });

  it('stops and reports an invalid token on a 4401 close', async () => {
    const f = fakes();
    const c = new BoardConnection(f.deps);
    f.last().events.closed(CloseCodes.UNAUTHORIZED);
    await tick();
    expect(c.problem.value).toBe('unauthorized');
    expect(f.last().closed).toBe(true);
    expect(f.channel.closed).toBe(true);
    expect(f.docs).toHaveLength(1);
    c.destroy();
  });

  it('reports an invalid token when the command channel is refused with UNAUTHORIZED', () => {
    const f = fakes();
    const c = new BoardConnection(f.deps);
    f.channel.events!.refused('UNAUTHORIZED', false);
    expect(c.problem.value).toBe('unauthorized');
    c.destroy();
  });
});
