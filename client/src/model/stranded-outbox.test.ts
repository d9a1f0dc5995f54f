import { describe, expect, it } from 'vitest';
import { localOutboxStore, Outbox, type OutboxEntry } from './outbox.ts';
import { StrandedOutbox } from './stranded-outbox.ts';

/** localStorage's interface over a Map (the tests run in Node). */
class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  get length(): number {
    return this.items.size;
  }
  key(i: number): string | null {
    return [...this.items.keys()][i] ?? null;
  }
  getItem(k: string): string | null {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    this.items.set(k, v);
  }
  removeItem(k: string): void {
    this.items.delete(k);
  }
  clear(): void {
    this.items.clear();
  }
  keys(): string[] {
    return [...this.items.keys()];
  }
}

const entry = (key: string, text: string, at: number, tried?: boolean): OutboxEntry => ({
  key, name: 'note:add', payload: { boardId: 'b1', text }, at, seq: 0, ...(tried ? { tried } : {}),
});

describe('StrandedOutbox', () => {
  it("offers the entries of the session's identities no longer in use, oldest first, and sends them as the current one with their keys", async () => {
    const storage = new MemoryStorage();
    const old = localOutboxStore('s1', 'oldP', storage);
    old.put(entry('ob-2.x', 'second', 2, true));
    old.put(entry('ob-1', 'first', 1));
    localOutboxStore('s1', 'newP', storage).put(entry('ob-own', 'mine', 3));
    localOutboxStore('s2', 'otherSession', storage).put(entry('ob-s2', 'elsewhere', 1));

    const stranded = new StrandedOutbox('s1', new Set(['newP']), storage);
    expect(stranded.entries.value.map((e) => [e.participantId, e.payload.text, e.tried ?? false])).toEqual([['oldP', 'first', false], ['oldP', 'second', true]]);

    const outbox = new Outbox({ store: localOutboxStore('s1', 'newP', storage) });
    stranded.send(outbox);
    expect(stranded.entries.value).toEqual([]);
    expect(outbox.pending.value.map((e) => [e.key, e.payload.text])).toEqual([['ob-own', 'mine'], ['ob-1', 'first'], ['ob-2.x', 'second']]);
    expect(storage.keys().filter((k) => k.includes('.oldP.'))).toEqual([]);
    outbox.destroy();
  });

  it('discarding forgets the entries and leaves the current identity and other sessions alone', () => {
    const storage = new MemoryStorage();
    localOutboxStore('s1', 'oldP', storage).put(entry('ob-1', 'first', 1));
    localOutboxStore('s1', 'newP', storage).put(entry('ob-own', 'mine', 3));
    localOutboxStore('s2', 'x', storage).put(entry('ob-s2', 'elsewhere', 1));
    const stranded = new StrandedOutbox('s1', new Set(['newP']), storage);
    stranded.discard();
    expect(stranded.entries.value).toEqual([]);
    expect(storage.keys().sort()).toEqual(['yishi.outbox.s1.newP.ob-own', 'yishi.outbox.s2.x.ob-s2']);
  });
});
