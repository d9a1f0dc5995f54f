/** AwarenessHub on fake peers and fake timers: renewals are coalesced on a slower clock than changes. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { AwarenessHub, DefaultRenewalDelayMs, type AwarenessPeer } from './awareness-hub.ts';
import { decodeMessage } from './protocol-frames.ts';

interface Peer extends AwarenessPeer {
  frames: Uint8Array[];
  user: Record<string, unknown>;
}

function peer(participantId: string, receives: boolean): Peer {
  const p: Peer = {
    frames: [],
    user: { participantId, role: receives ? 'facilitator' : 'resident', name: participantId },
    stamp: () => ({ ...p.user }),
    receivesAwareness: receives,
    publishesAwareness: true,
    send: (f) => p.frames.push(f),
  };
  return p;
}

/** One awareness entry as y-protocols encodes it. */
function update(clientId: number, clock: number, state: unknown): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, clientId);
  encoding.writeVarUint(e, clock);
  encoding.writeVarString(e, JSON.stringify(state));
  return encoding.toUint8Array(e);
}

/** The entries of every awareness frame a peer received, frame by frame. */
function entries(p: Peer): { clientId: number; clock: number; state: Record<string, unknown> | null }[][] {
  return p.frames.map((f) => {
    const msg = decodeMessage(f);
    if (msg.type !== 'awareness') throw new Error(`expected awareness, got ${msg.type}`);
    const d = decoding.createDecoder(msg.update);
    const n = decoding.readVarUint(d);
    return Array.from({ length: n }, () => ({ clientId: decoding.readVarUint(d), clock: decoding.readVarUint(d), state: JSON.parse(decoding.readVarString(d)) }));
  });
}

describe('AwarenessHub: renewals', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function hall(tablets: number) {
    const hub = new AwarenessHub();
    const moderator = peer('mod', true);
    const residents = Array.from({ length: tablets }, (_, i) => peer(`r${i}`, false));
    hub.flushTo = () => [moderator, ...residents];
    residents.forEach((r, i) => hub.receive(r, update(100 + i, 1, { outbox: { queued: 0, failed: 0 } })));
    vi.advanceTimersByTime(100);
    expect(entries(moderator)).toHaveLength(1);
    moderator.frames.length = 0;
    return { hub, moderator, residents };
  }

  it('renewals (the same state, a newer clock) from many tablets reach a moderator as one frame within the renewal delay, with their new clocks', () => {
    const { hub, moderator, residents } = hall(20);
    residents.forEach((r, i) => hub.receive(r, update(100 + i, 2, { outbox: { queued: 0, failed: 0 } })));
    vi.advanceTimersByTime(100);
    expect(moderator.frames).toHaveLength(0);
    vi.advanceTimersByTime(DefaultRenewalDelayMs);
    const got = entries(moderator);
    expect(got).toHaveLength(1);
    expect(got[0]!.map((e) => e.clock)).toEqual(Array(20).fill(2));
    expect(got[0]![0]!.state).toEqual({ outbox: { queued: 0, failed: 0 }, user: { participantId: 'r0', role: 'resident', name: 'r0' } });
    for (const r of residents) expect(r.frames).toEqual([]);
  });

  it('a changed state goes out on the 100 ms tick and takes the waiting renewals with it', () => {
    const { hub, moderator, residents } = hall(3);
    hub.receive(residents[0]!, update(100, 2, { outbox: { queued: 0, failed: 0 } }));
    hub.receive(residents[1]!, update(101, 2, { outbox: { queued: 1, failed: 0 } }));
    vi.advanceTimersByTime(100);
    const got = entries(moderator);
    expect(got).toHaveLength(1);
    expect(got[0]!.map((e) => [e.clientId, e.clock, (e.state!.outbox as { queued: number }).queued])).toEqual([[101, 2, 1], [100, 2, 0]]);
    vi.advanceTimersByTime(DefaultRenewalDelayMs);
    expect(entries(moderator)).toHaveLength(1);
  });

  it('a renewal whose stamp changed (the board went anonymous) is stamped again and sent as a change', () => {
    const { hub, moderator, residents } = hall(1);
    residents[0]!.user = { ...residents[0]!.user, name: null };
    hub.receive(residents[0]!, update(100, 2, { outbox: { queued: 0, failed: 0 } }));
    vi.advanceTimersByTime(100);
    const got = entries(moderator);
    expect(got).toHaveLength(1);
    expect(got[0]![0]!.state!.user).toEqual({ participantId: 'r0', role: 'resident', name: null });
  });
});
