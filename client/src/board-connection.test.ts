import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCodes } from '../../shared/errors.ts';
import { BoardConnection, isQueued } from './board-connection.ts';
import type { BoardConnectionDeps, CommandAck, CommandChannelEvents, DocTransportEvents, LocalDocCopy } from './board-connection.ts';
import { memoryOutboxStore, Outbox } from './model/outbox.ts';

/** Fake transports: the test drives every event the real provider and socket would emit. */
function fakes(online = true) {
  const docs: { doc: Y.Doc; events: DocTransportEvents; closed: boolean; presence: Record<string, unknown>[] }[] = [];
  const channel = {
    events: null as CommandChannelEvents | null, closed: false, reconnects: 0, up: false,
    sent: [] as { name: string; payload: Record<string, unknown> }[],
    answer: (): CommandAck => ({ ok: true }),
  };
  let setOnline: (v: boolean) => void = () => {};
  const deps: BoardConnectionDeps = {
    openDoc(doc, events) {
      const entry = { doc, events, closed: false, presence: [] as Record<string, unknown>[] };
      docs.push(entry);
      return { close: () => void (entry.closed = true), setPresence: (st) => void entry.presence.push(st) };
    },
    openChannel(events) {
      channel.events = events;
      return {
        close: () => void (channel.closed = true),
        reconnect: () => void channel.reconnects++,
        // Like the real channel: a NETWORK error at once while not connected.
        send: async (name, payload) => {
          if (!channel.up) return { ok: false, error: { code: 'NETWORK', message: 'Not connected.' } };
          channel.sent.push({ name, payload: payload as Record<string, unknown> });
          return channel.answer();
        },
      };
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
  /** The channel comes up (the socket connected). */
  const connect = () => {
    channel.up = true;
    channel.events!.connected();
  };
  const disconnect = () => {
    channel.up = false;
    channel.events!.disconnected(false);
  };
  return { deps, docs, channel, last, connect, disconnect, setOnline: (v: boolean) => setOnline(v) };
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

  it('keeps the action wording a refused doc held that the server lacks, and only that', async () => {
    const server = new Y.Doc();
    for (const [id, text] of [['a1', 'Fix the lift'], ['a2', 'Light the stairs']] as const) {
      const action = new Y.Map<unknown>();
      server.getMap('actions').set(id, action);
      action.set('title', new Y.Text(text));
    }
    const f = fakes();
    const c = new BoardConnection(f.deps);
    const first = f.last();
    Y.applyUpdate(first.doc, Y.encodeStateAsUpdate(server));
    first.events.synced(true);
    // Typed as the step left Act: the server refuses it and the doc is dropped.
    ((first.doc.getMap('actions').get('a1') as Y.Map<unknown>).get('title') as Y.Text).insert(12, ' by May');
    first.events.closed(CloseCodes.FORBIDDEN);
    await tick();
    expect(c.drafts.items.value).toEqual([]); // nothing to compare with yet
    Y.applyUpdate(f.last().doc, Y.encodeStateAsUpdate(server));
    f.last().events.synced(true);
    expect(c.drafts.items.value.map((d) => [d.actionId, d.text])).toEqual([['a1', 'Fix the lift by May']]);
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

/** A fake stored copy: what was "stored" is a Y update applied on load; `clear` forgets it. */
function fakeCopies(stored: Uint8Array | null = null) {
  const log: string[] = [];
  let data = stored;
  const open = (doc: Y.Doc): LocalDocCopy => {
    log.push('open');
    if (data) Y.applyUpdate(doc, data);
    const onUpdate = () => {
      data = Y.encodeStateAsUpdate(doc);
    };
    doc.on('update', onUpdate);
    return {
      loaded: Promise.resolve(),
      close: () => {
        log.push('close');
        doc.off('update', onUpdate);
      },
      clear: async () => {
        doc.off('update', onUpdate);
        log.push('clear');
        data = null;
      },
      compact: () => void log.push('compact'),
    };
  };
  return { open, log, get data() {
    return data;
  } };
}

describe('BoardConnection commands and the outbox', () => {
  it('queues a concern made offline, answers "queued", and sends it with its key once connected', async () => {
    const f = fakes();
    const c = new BoardConnection(f.deps);
    const ack = await c.send('note:add', { boardId: 'b', text: 'Offline concern' });
    expect(isQueued(ack)).toBe(true);
    expect(c.saveState.value.queued).toBe(1);
    f.connect();
    await tick();
    expect(f.channel.sent).toHaveLength(1);
    expect(f.channel.sent[0]!.payload).toMatchObject({ boardId: 'b', text: 'Offline concern' });
    expect(typeof f.channel.sent[0]!.payload.idempotencyKey).toBe('string');
    expect(c.saveState.value.queued).toBe(0);
    expect(c.saveState.value.lastSavedAt).not.toBeNull();
    c.destroy();
  });

  it('answers queries with NETWORK at once while offline instead of queueing them', async () => {
    const f = fakes();
    const c = new BoardConnection(f.deps);
    const ack = await c.send('vote:mine', { boardId: 'b' });
    expect(ack).toEqual({ ok: false, error: { code: 'NETWORK', message: 'Not connected.' } });
    expect(c.outbox.count.value).toBe(0);
    c.destroy();
  });

  it('keeps the outbox when the board connection is replaced (switching boards)', async () => {
    const f = fakes();
    const outbox = new Outbox({ store: memoryOutboxStore() });
    const first = new BoardConnection({ ...f.deps, outbox });
    await first.send('note:add', { boardId: 'b1', text: 'from board one' });
    first.destroy();
    const g = fakes();
    const second = new BoardConnection({ ...g.deps, outbox });
    expect(second.saveState.value.queued).toBe(1);
    g.connect();
    await tick();
    expect(g.channel.sent.map((s) => s.payload.text)).toEqual(['from board one']);
    second.destroy();
  });

  it('stops sending when the channel drops and resumes on reconnect', async () => {
    const f = fakes();
    const c = new BoardConnection(f.deps);
    f.connect();
    f.disconnect();
    await c.send('ready:set', { boardId: 'b', ready: true });
    expect(f.channel.sent).toHaveLength(0);
    f.connect();
    await tick();
    expect(f.channel.sent.map((s) => s.name)).toEqual(['ready:set']);
    c.destroy();
  });

  it('keeps commands while the browser reports no network, even if the socket has not noticed yet', async () => {
    const f = fakes();
    const c = new BoardConnection(f.deps);
    f.connect();
    f.setOnline(false);
    const ack = await c.send('note:add', { boardId: 'b', text: 'offline' });
    expect(isQueued(ack)).toBe(true);
    expect(f.channel.sent).toHaveLength(0);
    expect(c.saveState.value).toMatchObject({ status: 'offline', queued: 1 });
    f.setOnline(true);
    await tick();
    expect(f.channel.sent).toHaveLength(1);
    expect(c.saveState.value.queued).toBe(0);
    c.destroy();
  });

  it('tells moderators through awareness how many commands wait on this device', async () => {
    const f = fakes();
    const c = new BoardConnection(f.deps);
    await c.send('note:add', { boardId: 'b', text: 'x' });
    expect(f.last().presence.at(-1)).toEqual({ outbox: { queued: 1, failed: 0 } });
    f.connect();
    await tick();
    expect(f.last().presence.at(-1)).toEqual({ outbox: { queued: 0, failed: 0 } });
    c.destroy();
  });

  it('forgets queued commands and the stored board when the person is removed', async () => {
    const f = fakes();
    const copies = fakeCopies();
    const c = new BoardConnection({ ...f.deps, localCopy: copies.open });
    await tick();
    await c.send('note:add', { boardId: 'b', text: 'x' });
    c.drafts.keep('b', 'a1', 'wording kept earlier');
    f.channel.events!.kicked();
    expect(c.problem.value).toBe('kicked');
    expect(c.outbox.count.value).toBe(0);
    expect(c.drafts.items.value).toEqual([]);
    expect(copies.log).toContain('clear');
    c.destroy();
  });

  it('stops for good, forgetting local data, when the session is deleted', async () => {
    const f = fakes();
    const copies = fakeCopies();
    const c = new BoardConnection({ ...f.deps, localCopy: copies.open });
    await tick();
    f.last().events.closed(CloseCodes.SESSION_DELETED);
    await tick();
    expect(c.problem.value).toBe('deleted');
    expect(copies.log).toContain('clear');
    c.destroy();
  });
});

describe('BoardConnection stored copy', () => {
  it('loads the stored board before connecting, so it shows offline', async () => {
    const seed = new Y.Doc();
    addNote(seed, 'n1', 'stored', 1);
    const f = fakes();
    const copies = fakeCopies(Y.encodeStateAsUpdate(seed));
    const c = new BoardConnection({ ...f.deps, localCopy: copies.open });
    await tick();
    expect(f.docs).toHaveLength(1);
    expect(c.notes.value.map((n) => n.text)).toEqual(['stored']);
    // Once in step with the server, the stored copy is rewritten from the doc as it now is.
    f.last().events.synced(true);
    expect(copies.log).toEqual(['open', 'compact']);
    c.destroy();
  });

  it('on a 4403 close deletes the stored copy before the fresh doc opens, so the refused change is not sent again', async () => {
    const f = fakes();
    const copies = fakeCopies();
    const c = new BoardConnection({ ...f.deps, localCopy: copies.open });
    await tick();
    const first = f.last();
    addNote(first.doc, 'x', 'refused', 1);
    expect(copies.data).not.toBeNull();
    first.events.closed(CloseCodes.FORBIDDEN);
    await tick();
    await tick();
    expect(copies.log).toEqual(['open', 'clear', 'open']);
    expect(f.docs).toHaveLength(2);
    expect(f.last().doc.getMap('notes').size).toBe(0);
    expect(c.notes.value).toEqual([]);
    expect(c.resets.value).toBe(1);
    // The server's state arrives on the fresh doc.
    addNote(f.last().doc, 'y', 'from server', 2);
    expect(c.notes.value.map((n) => n.text)).toEqual(['from server']);
    c.destroy();
  });

  it('after repeated refusals stops and leaves no stored copy behind', async () => {
    const f = fakes();
    const copies = fakeCopies();
    const c = new BoardConnection({ ...f.deps, localCopy: copies.open });
    for (let i = 0; i < 4; i++) {
      await tick();
      await tick();
      addNote(f.last().doc, `x${i}`, 'refused', i);
      f.last().events.closed(CloseCodes.FORBIDDEN);
      await tick();
    }
    expect(c.problem.value).toBe('forbidden');
    expect(copies.data).toBeNull();
    c.destroy();
  });
});
