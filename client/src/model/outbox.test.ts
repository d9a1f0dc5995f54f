import { describe, expect, it } from 'vitest';
import type { CommandName } from '../../../shared/commands.ts';
import type { CommandAck } from './command-ack.ts';
import { isQueued } from './command-ack.ts';
import { localOutboxStore, memoryOutboxStore, newIdempotencyKey, Outbox } from './outbox.ts';
import type { OutboxSender } from './outbox.ts';
import { outboxRefusal } from './outbox-refusal.ts';

/** A fake command channel: records what was sent and answers as the test says. */
function fakeChannel(answer: (name: CommandName, payload: Record<string, unknown>) => CommandAck | Promise<CommandAck> = () => ({ ok: true })) {
  const sent: { name: CommandName; payload: Record<string, unknown> }[] = [];
  const send: OutboxSender = async (name, payload) => {
    sent.push({ name, payload });
    return answer(name, payload);
  };
  return { sent, send };
}

/** Timers the test fires by hand. */
function manualTimers() {
  const due: (() => void)[] = [];
  return {
    setTimer: (run: () => void) => {
      due.push(run);
      return () => {
        const i = due.indexOf(run);
        if (i >= 0) due.splice(i, 1);
      };
    },
    fire: () => due.splice(0).forEach((run) => run()),
    get count() {
      return due.length;
    },
  };
}

let n = 0;
const keys = () => `key-${String(++n).padStart(6, '0')}`;
const flush = () => new Promise((r) => setTimeout(r, 0));

/** A localStorage stand-in (the Storage interface, in memory). */
function fakeStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    key: (i) => [...m.keys()][i] ?? null,
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, String(v)),
    removeItem: (k) => void m.delete(k),
    clear: () => m.clear(),
  };
}

describe('Outbox', () => {
  it('stores a command with an idempotency key made once, and answers "queued" while there is no channel', async () => {
    const store = memoryOutboxStore();
    const box = new Outbox({ store, newKey: keys });
    const ack = await box.enqueue('note:add', { boardId: 'b', text: 'The lift' });
    expect(isQueued(ack)).toBe(true);
    expect(box.count.value).toBe(1);
    const [entry] = box.pending.value;
    expect(entry?.name).toBe('note:add');
    expect(entry?.payload).toEqual({ boardId: 'b', text: 'The lift' });
    expect(store.entries.get(entry!.key)).toEqual(entry);
    expect(isQueued(ack) && ack.idempotencyKey).toBe(entry!.key);
  });

  it('marks an entry as tried in storage before its first send, so a later identity knows it may have arrived', async () => {
    const store = memoryOutboxStore();
    const box = new Outbox({ store, newKey: keys, setTimer: manualTimers().setTimer });
    void box.enqueue('note:add', { boardId: 'b', text: 'The lift' });
    const [entry] = box.pending.value;
    expect(store.entries.get(entry!.key)?.tried).toBeUndefined();
    box.attach(fakeChannel(() => ({ ok: false, error: { code: 'NETWORK', message: 'lost' } })).send);
    await flush();
    expect(store.entries.get(entry!.key)).toEqual({ ...entry, tried: true });
  });

  it('sends queued commands in order, with their keys, once a channel is attached', async () => {
    const box = new Outbox({ store: memoryOutboxStore(), newKey: keys });
    void box.enqueue('note:add', { boardId: 'b', text: 'one' });
    void box.enqueue('note:add', { boardId: 'b', text: 'two' });
    void box.enqueue('vote:cast', { boardId: 'b', targetId: 'n1' });
    const keysQueued = box.pending.value.map((e) => e.key);
    const ch = fakeChannel();
    box.attach(ch.send);
    await flush();
    expect(ch.sent.map((s) => s.payload.text ?? s.name)).toEqual(['one', 'two', 'vote:cast']);
    expect(ch.sent.map((s) => s.payload.idempotencyKey)).toEqual(keysQueued);
    expect(box.count.value).toBe(0);
    expect(box.lastSavedAt.value).not.toBeNull();
  });

  it('answers with the server ack when the channel is up', async () => {
    const box = new Outbox({ store: memoryOutboxStore(), newKey: keys });
    box.attach(fakeChannel(() => ({ ok: true, noteId: 'n9', state: 'public' })).send);
    const ack = await box.enqueue('note:add', { boardId: 'b', text: 'x' });
    expect(ack).toEqual({ ok: true, noteId: 'n9', state: 'public' });
    expect(box.count.value).toBe(0);
  });

  it('keeps a command on NETWORK and replays it with the same key after reconnecting', async () => {
    const timers = manualTimers();
    const box = new Outbox({ store: memoryOutboxStore(), newKey: keys, setTimer: timers.setTimer });
    const down = fakeChannel(() => ({ ok: false, error: { code: 'NETWORK', message: 'no answer' } }));
    const detach = box.attach(down.send);
    const ack = await box.enqueue('note:add', { boardId: 'b', text: 'kept' });
    expect(isQueued(ack)).toBe(true);
    expect(box.count.value).toBe(1);
    expect(timers.count).toBe(1); // a retry is scheduled while the channel stays attached
    detach();
    expect(timers.count).toBe(0);
    const up = fakeChannel();
    box.attach(up.send);
    await flush();
    expect(up.sent).toHaveLength(1);
    expect(up.sent[0]!.payload.idempotencyKey).toBe(down.sent[0]!.payload.idempotencyKey);
    expect(box.count.value).toBe(0);
  });

  it('removes a definitely refused command and reports it with the server message, without blocking the rest', async () => {
    const box = new Outbox({ store: memoryOutboxStore(), newKey: keys });
    void box.enqueue('note:add', { boardId: 'b', text: 'late' });
    void box.enqueue('ready:set', { boardId: 'b', ready: true });
    const ch = fakeChannel((name) => name === 'note:add'
      ? { ok: false, error: { code: 'PHASE', message: 'Concerns can be added only while gathering.' } }
      : { ok: true });
    box.attach(ch.send);
    await flush();
    expect(box.count.value).toBe(0);
    expect(box.failed.value).toHaveLength(1);
    expect(box.failed.value[0]!.error).toEqual({ code: 'PHASE', message: 'Concerns can be added only while gathering.' });
    expect(box.failed.value[0]!.entry.payload.text).toBe('late');
    expect(ch.sent.map((s) => s.name)).toEqual(['note:add', 'ready:set']);
    box.dismiss(box.failed.value[0]!.entry.key);
    expect(box.failed.value).toEqual([]);
  });

  it('a dot replayed after the vote closed is refused for good (VOTE_CLOSED is not retried) and the person is told it was not counted', async () => {
    const box = new Outbox({ store: memoryOutboxStore(), newKey: keys });
    // Offline: the tablet keeps the dot and answers "queued" (it shows the dot at once).
    expect(isQueued(await box.enqueue('vote:cast', { boardId: 'b', targetId: 'n1' }))).toBe(true);
    void box.enqueue('vote:retract', { boardId: 'b', targetId: 'n2' });
    void box.enqueue('note:add', { boardId: 'b', text: 'late' });
    const closed = { ok: false as const, error: { code: 'VOTE_CLOSED' as const, message: 'Voting on this board is closed: the result has been revealed.' } };
    const ch = fakeChannel((name) => (name.startsWith('vote:') ? closed : { ok: false, error: { code: 'PHASE', message: 'Not now.' } }));
    box.attach(ch.send);
    await flush();
    expect(box.count.value).toBe(0);
    expect(ch.sent.map((x) => x.name)).toEqual(['vote:cast', 'vote:retract', 'note:add']);
    expect(box.failed.value.map(outboxRefusal)).toEqual([
      { key: 'outbox.voteNotCounted', vars: {} },
      { key: 'outbox.voteNotTakenBack', vars: {} },
      { key: 'outbox.refusedNote', vars: { text: 'late', message: 'Not now.' } },
    ]);
  });

  it('resolves with the final ack when asked to wait for it, even across a reconnect', async () => {
    const box = new Outbox({ store: memoryOutboxStore(), newKey: keys });
    let settled: CommandAck | null = null;
    void box.enqueue('note:add', { boardId: 'b', text: 'wait' }, { waitForAck: true }).then((a) => (settled = a));
    await flush();
    expect(settled).toBeNull();
    box.attach(fakeChannel(() => ({ ok: true, noteId: 'n1' })).send);
    await flush();
    expect(settled).toEqual({ ok: true, noteId: 'n1' });
  });

  it('retries RATE_LIMITED later instead of dropping the command', async () => {
    const timers = manualTimers();
    let limited = true;
    const box = new Outbox({ store: memoryOutboxStore(), newKey: keys, setTimer: timers.setTimer });
    const ch = fakeChannel(() => (limited ? { ok: false, error: { code: 'RATE_LIMITED', message: 'slow down' } } : { ok: true }));
    box.attach(ch.send);
    await box.enqueue('note:move', { boardId: 'b', noteId: 'n', x: 1, y: 2 });
    expect(box.count.value).toBe(1);
    limited = false;
    timers.fire();
    await flush();
    expect(box.count.value).toBe(0);
    expect(box.failed.value).toEqual([]);
    expect(ch.sent).toHaveLength(2);
  });

  it('retries SHUTTING_DOWN later instead of dropping the command (a server refuses unapplied while stopping)', async () => {
    const timers = manualTimers();
    let stopping = true;
    const box = new Outbox({ store: memoryOutboxStore(), newKey: keys, setTimer: timers.setTimer });
    const ch = fakeChannel(() => (stopping ? { ok: false, error: { code: 'SHUTTING_DOWN', message: 'restarting' } } : { ok: true }));
    box.attach(ch.send);
    await box.enqueue('note:add', { boardId: 'b', text: 'x' });
    expect(box.count.value).toBe(1);
    stopping = false;
    timers.fire();
    await flush();
    expect(box.count.value).toBe(0);
    expect(box.failed.value).toEqual([]);
  });

  it('moves to a newly attached channel when the old one hung and then failed', async () => {
    const box = new Outbox({ store: memoryOutboxStore(), newKey: keys });
    let release: (ack: CommandAck) => void = () => {};
    const hung: OutboxSender = () => new Promise((r) => (release = r));
    const detach = box.attach(hung);
    void box.enqueue('note:add', { boardId: 'b', text: 'x' });
    await flush();
    detach();
    const fresh = fakeChannel();
    box.attach(fresh.send);
    release({ ok: false, error: { code: 'NETWORK', message: 'timed out' } });
    await flush();
    expect(fresh.sent).toHaveLength(1);
    expect(box.count.value).toBe(0);
  });

  it('uses the idempotency key the caller gave', async () => {
    const box = new Outbox({ store: memoryOutboxStore() });
    const ch = fakeChannel();
    box.attach(ch.send);
    await box.enqueue('ready:set', { boardId: 'b', ready: true, idempotencyKey: 'mine-12345' });
    expect(ch.sent[0]!.payload).toEqual({ boardId: 'b', ready: true, idempotencyKey: 'mine-12345' });
  });

  it('clear() drops every command (removed from the session)', async () => {
    const store = memoryOutboxStore();
    const box = new Outbox({ store, newKey: keys });
    void box.enqueue('note:add', { boardId: 'b', text: 'x' });
    box.clear();
    expect(box.count.value).toBe(0);
    expect(store.entries.size).toBe(0);
  });
});

describe('localOutboxStore', () => {
  it('survives a new page: entries are read back in the order they were queued', async () => {
    const storage = fakeStorage();
    const first = new Outbox({ store: localOutboxStore('s1', 'p1', storage), newKey: keys });
    void first.enqueue('note:add', { boardId: 'b', text: 'one' });
    void first.enqueue('note:add', { boardId: 'b', text: 'two' });
    void first.enqueue('note:add', { boardId: 'b', text: 'three' });
    first.destroy();
    // Another participant's and another session's entries stay apart.
    localOutboxStore('s1', 'p2', storage).put({ key: 'other-000001', name: 'note:add', payload: { boardId: 'b', text: 'not mine' }, at: 0, seq: 0 });

    const reopened = new Outbox({ store: localOutboxStore('s1', 'p1', storage) });
    expect(reopened.pending.value.map((e) => e.payload.text)).toEqual(['one', 'two', 'three']);
    const ch = fakeChannel();
    reopened.attach(ch.send);
    await flush();
    expect(ch.sent.map((s) => s.payload.text)).toEqual(['one', 'two', 'three']);
    expect(new Outbox({ store: localOutboxStore('s1', 'p1', storage) }).pending.value).toEqual([]);
    expect(new Outbox({ store: localOutboxStore('s1', 'p2', storage) }).pending.value).toHaveLength(1);
  });

  it('ignores unreadable items', () => {
    const storage = fakeStorage();
    storage.setItem('yishi.outbox.s.p.bad', '{not json');
    storage.setItem('yishi.outbox.s.p.worse', JSON.stringify({ key: 1 }));
    expect(localOutboxStore('s', 'p', storage).load()).toEqual([]);
  });
});

describe('newIdempotencyKey', () => {
  it('makes keys the server accepts, all different', () => {
    const made = new Set(Array.from({ length: 100 }, newIdempotencyKey));
    expect(made.size).toBe(100);
    for (const k of made) expect(k).toMatch(/^[A-Za-z0-9_:.-]{8,128}$/);
  });
});
