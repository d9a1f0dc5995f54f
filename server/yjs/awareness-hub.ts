/**
 * Awareness (cursors, who is where) for one board. The server stamps every state with the
 * sender's identity so nobody can present as someone else, allows one awareness id per
 * connection, coalesces bursts into one frame per tick, and relays only to receivers who
 * need cursors (moderators): residents and screens get head-counts over Socket.IO instead,
 * so presence traffic grows with the number of moderators, not with the square of tablets.
 */
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { awarenessFrame } from './protocol-frames.ts';

export interface AwarenessPeer {
  /** Identity stamped into the `user` field of every state this peer publishes. */
  stamp: () => Record<string, unknown>;
  /** Whether this peer receives other people's awareness. */
  receivesAwareness: boolean;
  /** Whether this peer may publish awareness at all. */
  publishesAwareness: boolean;
  send(frame: Uint8Array): void;
}

interface Entry {
  clock: number;
  /** The state as relayed: the client's JSON with the server's `user` stamp. */
  json: string;
  owner: AwarenessPeer;
  /**
   * The state's JSON text as the client sent it and the stamp it was relayed with: a renewal
   * repeats both. Kept as a string, not a copy of the bytes: a typed array and its buffer cost
   * three times as much, once for every tablet in the hall.
   */
  text: string | null;
  user: Record<string, unknown> | null;
}

/** Largest awareness state accepted from one client, in bytes of JSON (UTF-8). */
const maxStateBytes = 2048;
const textDecoder = new TextDecoder('utf-8', { fatal: true });

/** How long a renewal (the same state with a newer clock) may wait to be relayed: receivers drop a state after 30 s without one. */
export const DefaultRenewalDelayMs = 2000;

export class AwarenessHub {
  private readonly entries = new Map<number, Entry>();
  private readonly idOf = new Map<AwarenessPeer, number>();
  private readonly dirty = new Set<number>();
  /** Entries whose only news is a newer clock: they ride with the next change, or go after renewalDelayMs. */
  private readonly renewed = new Set<number>();
  private timer: NodeJS.Timeout | null = null;
  private renewalTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly tickMs = 100,
    private readonly renewalDelayMs = DefaultRenewalDelayMs,
  ) {}

  /**
   * Applies an awareness update from `peer`; entries for other ids or oversized states are
   * dropped without being decoded. Throws on malformed bytes or more than `maxEntries` entries.
   */
  receive(peer: AwarenessPeer, update: Uint8Array, maxEntries = Infinity): void {
    const d = decoding.createDecoder(update);
    const count = decoding.readVarUint(d);
    if (count > maxEntries) throw new Error(`more than ${maxEntries} awareness entries in one frame`);
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(d);
      const clock = decoding.readVarUint(d);
      const mine = this.idOf.get(peer);
      const current = this.entries.get(clientId);
      const ignored = !peer.publishesAwareness || (mine !== undefined && mine !== clientId) || (current && (current.owner !== peer || current.clock >= clock));
      // A moderator's provider echoes everyone's states back: step over those without decoding.
      const bytes = decoding.readVarUint(d);
      if (bytes > d.arr.length - d.pos) throw new Error('awareness state runs past the end of the frame');
      if (ignored || bytes > maxStateBytes) {
        d.pos += bytes;
        continue;
      }
      const text = textDecoder.decode(decoding.readUint8Array(d, bytes));
      // A provider renews an unchanged state every 15 s: with the same stamp, only the clock is news.
      if (current && current.text === text) {
        const user = peer.stamp();
        if (sameFields(current.user!, user)) {
          current.clock = clock;
          if (!this.dirty.has(clientId)) this.renewed.add(clientId);
          continue;
        }
      }
      const state: unknown = JSON.parse(text);
      const isObject = state !== null && typeof state === 'object' && !Array.isArray(state);
      const user = isObject ? peer.stamp() : null;
      const stamped = isObject ? JSON.stringify({ ...(state as Record<string, unknown>), user }) : 'null';
      this.idOf.set(peer, clientId);
      this.entries.set(clientId, { clock, json: stamped, owner: peer, text: isObject ? text : null, user });
      this.dirty.add(clientId);
      this.renewed.delete(clientId);
    }
    if (d.pos !== update.length) throw new Error('trailing bytes after awareness update');
    this.schedule();
    this.scheduleRenewals();
  }

  /** Marks the peer's state as gone (sent to the others on the next tick). */
  removePeer(peer: AwarenessPeer): void {
    const id = this.idOf.get(peer);
    this.idOf.delete(peer);
    if (id === undefined) return;
    const e = this.entries.get(id);
    if (!e) return;
    e.clock += 1;
    e.json = 'null';
    e.text = null;
    e.user = null;
    this.dirty.add(id);
    this.renewed.delete(id);
    this.schedule();
  }

  /** The current states, for a receiver that just joined or asked (null when there is nothing to send). */
  snapshotFor(peer: AwarenessPeer): Uint8Array | null {
    if (!peer.receivesAwareness) return null;
    const ids = [...this.entries.keys()].filter((id) => {
      const e = this.entries.get(id)!;
      return e.owner !== peer && e.json !== 'null';
    });
    return ids.length ? awarenessFrame(this.encode(ids)) : null;
  }

  /** Number of peers currently publishing a state. */
  get size(): number {
    let n = 0;
    for (const e of this.entries.values()) if (e.json !== 'null') n++;
    return n;
  }

  destroy(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.renewalTimer) clearTimeout(this.renewalTimer);
    this.timer = null;
    this.renewalTimer = null;
  }

  /** Receivers of the next flush; the room supplies its live peers. */
  flushTo: () => Iterable<AwarenessPeer> = () => [];

  private schedule(): void {
    if (this.timer || this.dirty.size === 0) return;
    this.timer = setTimeout(() => this.flush(), this.tickMs);
    this.timer.unref?.();
  }

  private scheduleRenewals(): void {
    if (this.renewalTimer || this.renewed.size === 0) return;
    this.renewalTimer = setTimeout(() => {
      this.renewalTimer = null;
      if (!this.timer) this.flush();
    }, this.renewalDelayMs);
    this.renewalTimer.unref?.();
  }

  /** Sends the changed states, and the renewals waiting, as one frame to each receiver. */
  private flush(): void {
    this.timer = null;
    const ids = [...this.dirty, ...this.renewed];
    this.dirty.clear();
    this.renewed.clear();
    if (ids.length === 0) return;
    const shared = awarenessFrame(this.encode(ids));
    for (const peer of this.flushTo()) {
      if (!peer.receivesAwareness) continue;
      const own = this.idOf.get(peer);
      if (own === undefined || !ids.includes(own)) peer.send(shared);
      else {
        const others = ids.filter((id) => id !== own);
        if (others.length) peer.send(awarenessFrame(this.encode(others)));
      }
    }
    // Removed states have been announced; forget them.
    for (const id of ids) if (this.entries.get(id)?.json === 'null' && ![...this.idOf.values()].includes(id)) this.entries.delete(id);
  }

  private encode(ids: number[]): Uint8Array {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, ids.length);
    for (const id of ids) {
      const entry = this.entries.get(id)!;
      encoding.writeVarUint(e, id);
      encoding.writeVarUint(e, entry.clock);
      encoding.writeVarString(e, entry.json);
    }
    return encoding.toUint8Array(e);
  }
}

/** Whether two stamps are equal field by field (they are flat: participantId, role, name). */
function sameFields(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const k of keys) if (a[k] !== b[k]) return false;
  return true;
}
