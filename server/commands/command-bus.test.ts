/**
 * CommandBus over the in-memory store with hand-resolved commits: no socket, no disk. A test
 * command (not a real one, so each rule is about the bus alone) writes to a board through
 * BoardRoom.serverChange with its idempotency result, and counts how often its handler ran.
 */
import type { FastifyBaseLogger } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { z } from 'zod';
import { initBoard, notesMap, readSettings } from '../../shared/board-doc.ts';
import { DomainError } from '../../shared/errors.ts';
import type { Actor } from '../../shared/roles.ts';
import { createMemoryPresence } from '../presence/memory-presence.ts';
import { LiveConnections } from '../realtime/live-connections.ts';
import { Notifier } from '../realtime/notifier.ts';
import { createMemoryStorage } from '../storage/memory-storage.ts';
import { BoardRooms } from '../yjs/board-rooms.ts';
import { gateStorage, nextTurn, type GatedStorage } from '../../tests/helpers/gated-storage.ts';
import { CommandBus } from './command-bus.ts';
import type { CommandHandler } from './command-types.ts';
import { noteAdd } from './note-commands.ts';

const actorA: Actor = { participantId: 'pA', sessionId: 's1', role: 'facilitator', name: 'A' };
const actorB: Actor = { participantId: 'pB', sessionId: 's1', role: 'facilitator', name: 'B' };
const key = 'key-00000001';
const TestSetSchema = z.object({ boardId: z.string(), n: z.number() });
const RefuseSchema = z.object({ code: z.enum(['CONFLICT', 'RATE_LIMITED']) });

/** Logs nothing; BoardRooms only warns and errors. */
const quiet = { warn: () => undefined, error: () => undefined, info: () => undefined } as unknown as FastifyBaseLogger;

const opened: { gate: GatedStorage; rooms: BoardRooms }[] = [];
afterEach(async () => {
  // Closing compacts each room, a commit of its own: let it through.
  for (const { gate, rooms } of opened.splice(0)) {
    await gate.releaseAll();
    gate.setOpen(true);
    await rooms.closeAll('test over');
  }
});

async function setup() {
  const inner = createMemoryStorage();
  await inner.commit([
    { op: 'session.put', session: { id: 's1', title: 'S', joinCode: 'CODE1', joinOpen: true, settings: {}, createdAt: 1 } },
    { op: 'board.put', board: { id: 'b1', sessionId: 's1', title: 'Plenary', kind: 'plenary', createdAt: 1 } },
  ]);
  const gate = gateStorage(inner);
  const rooms = new BoardRooms({ storage: gate.storage, log: quiet, idleMs: 60_000, compactAfterUpdates: 1000 });
  opened.push({ gate, rooms });
  const errors: unknown[] = [];
  const bus = new CommandBus({
    storage: gate.storage, rooms, notify: new Notifier(new LiveConnections()), presence: createMemoryPresence(),
    now: () => 1000, onError: (err) => errors.push(err),
  });
  bus.register('note:add', noteAdd);
  let runs = 0;
  // Sets board.n and answers with the value and how many times the handler has run.
  const testSet: CommandHandler<typeof TestSetSchema> = {
    schema: TestSetSchema,
    run: async (ctx, p) => {
      runs++;
      const room = await ctx.rooms.get(p.boardId, ctx.actor.sessionId);
      const result = { n: p.n, run: runs };
      await room.serverChange((doc) => doc.getMap('board').set('n', p.n), ctx.finalOps(result));
      return { ok: true, result };
    },
  };
  bus.register('test:set', testSet);
  // Throws what a service throws when it refuses, with the code the test sends.
  bus.register('test:refuse', {
    schema: RefuseSchema,
    run: async (_ctx, p) => {
      throw new DomainError(p.code, 'refused by a service', p.code === 'RATE_LIMITED' ? { retryAfterSeconds: 3 } : {});
    },
  } satisfies CommandHandler<typeof RefuseSchema>);
  return { inner, gate, rooms, bus, errors, runs: () => runs };
}

/** The ops of every commit handed to storage, by name. */
const opsOf = (gate: GatedStorage) => gate.submitted.map((ops) => ops.map((o) => o.op));

describe('CommandBus: idempotent replay', () => {
  it('the same key again is answered with the first result, marked replayed; the handler ran once and there was one commit', async () => {
    const { gate, bus, runs } = await setup();
    gate.setOpen(true);
    expect(await bus.dispatch(actorA, 'test:set', { boardId: 'b1', n: 7, idempotencyKey: key })).toEqual({ ok: true, n: 7, run: 1 });
    expect(await bus.dispatch(actorA, 'test:set', { boardId: 'b1', n: 7, idempotencyKey: key })).toEqual({ ok: true, n: 7, run: 1, replayed: true });
    expect(runs()).toBe(1);
    // The result is stored in the same commit as the effect.
    expect(opsOf(gate)).toEqual([['board.update', 'idempotency.put']]);
  });

  it('a replay sent while the first is still committing waits for it and replays it', async () => {
    const { gate, bus, runs } = await setup();
    const first = bus.dispatch(actorA, 'test:set', { boardId: 'b1', n: 7, idempotencyKey: key });
    const second = bus.dispatch(actorA, 'test:set', { boardId: 'b1', n: 7, idempotencyKey: key });
    await nextTurn();
    expect(gate.pending()).toBe(1);
    await gate.release();
    expect(await first).toEqual({ ok: true, n: 7, run: 1 });
    expect(await second).toEqual({ ok: true, n: 7, run: 1, replayed: true });
    expect(runs()).toBe(1);
    expect(gate.submitted).toHaveLength(1);
  });

  it('the ack waits for the commit to be durable', async () => {
    const { gate, bus } = await setup();
    let acked = false;
    const ack = bus.dispatch(actorA, 'test:set', { boardId: 'b1', n: 1, idempotencyKey: key }).then((a) => {
      acked = true;
      return a;
    });
    await nextTurn();
    expect(acked).toBe(false);
    await gate.release();
    expect(await ack).toEqual({ ok: true, n: 1, run: 1 });
  });

  it('a key reused for another payload is refused with IDEMPOTENCY_CONFLICT, running and committing nothing', async () => {
    const { gate, bus, runs } = await setup();
    gate.setOpen(true);
    await bus.dispatch(actorA, 'test:set', { boardId: 'b1', n: 7, idempotencyKey: key });
    const again = await bus.dispatch(actorA, 'test:set', { boardId: 'b1', n: 8, idempotencyKey: key });
    expect(again).toMatchObject({ ok: false, error: { code: 'IDEMPOTENCY_CONFLICT' } });
    expect(runs()).toBe(1);
    expect(gate.submitted).toHaveLength(1);
  });

  it('positive controls: keys are per participant, and commands without a key always run', async () => {
    const { gate, bus, runs } = await setup();
    gate.setOpen(true);
    await bus.dispatch(actorA, 'test:set', { boardId: 'b1', n: 7, idempotencyKey: key });
    expect(await bus.dispatch(actorB, 'test:set', { boardId: 'b1', n: 7, idempotencyKey: key })).toEqual({ ok: true, n: 7, run: 2 });
    expect(await bus.dispatch(actorA, 'test:set', { boardId: 'b1', n: 7 })).toEqual({ ok: true, n: 7, run: 3 });
    expect(await bus.dispatch(actorA, 'test:set', { boardId: 'b1', n: 7 })).toEqual({ ok: true, n: 7, run: 4 });
    expect(runs()).toBe(4);
    expect(opsOf(gate).at(-1)).toEqual(['board.update']);
  });

  it('a failed commit stores no result: the command answers INTERNAL, and a retry with the same key runs again', async () => {
    const { gate, inner, bus, errors } = await setup();
    const failed = bus.dispatch(actorA, 'test:set', { boardId: 'b1', n: 7, idempotencyKey: key });
    await nextTurn();
    await gate.fail(new Error('disk full'));
    expect(await failed).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(errors).toEqual([new Error('disk full')]);
    expect(await inner.getIdempotency('pA', key)).toBeNull();
    gate.setOpen(true);
    expect(await bus.dispatch(actorA, 'test:set', { boardId: 'b1', n: 7, idempotencyKey: key })).toEqual({ ok: true, n: 7, run: 2 });
    expect(await inner.getIdempotency('pA', key)).toMatchObject({ result: { n: 7, run: 2 } });
  });
});

describe('CommandBus: refusals before and after the handler', () => {
  it('an unknown command or a payload that fails its schema is refused with VALIDATION before the handler runs', async () => {
    const { gate, bus, runs } = await setup();
    expect(await bus.dispatch(actorA, 'test:nope', {})).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await bus.dispatch(actorA, 'test:set', { boardId: 'b1', n: 'seven' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await bus.dispatch(actorA, 'test:set', { boardId: 'b1', n: 7, idempotencyKey: 'short' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(runs()).toBe(0);
    expect(gate.submitted).toEqual([]);
  });

  it('a service refusal (DomainError) thrown by a handler is answered with its code and message, not as a server fault', async () => {
    const { bus, errors } = await setup();
    expect(await bus.dispatch(actorA, 'test:refuse', { code: 'CONFLICT' })).toEqual({ ok: false, error: { code: 'CONFLICT', message: 'refused by a service' } });
    expect(await bus.dispatch(actorA, 'test:refuse', { code: 'RATE_LIMITED' })).toEqual({
      ok: false, error: { code: 'RATE_LIMITED', message: 'refused by a service', retryAfterSeconds: 3 },
    });
    expect(errors).toEqual([]);
  });

  it('a command whose session was deleted under its loaded board answers NOT_FOUND (storage refuses the write), not a server fault', async () => {
    const { gate, inner, bus, errors } = await setup();
    gate.setOpen(true);
    await bus.dispatch(actorA, 'test:set', { boardId: 'b1', n: 1 }); // the room is loaded
    await inner.commit([{ op: 'session.delete', sessionId: 's1' }]);
    expect(await bus.dispatch(actorA, 'test:set', { boardId: 'b1', n: 2, idempotencyKey: key })).toEqual({
      ok: false, error: { code: 'NOT_FOUND', message: 'The session was deleted.' },
    });
    expect(errors).toEqual([]);
    expect(await inner.getIdempotency('pA', key)).toBeNull();
  });
});

describe('CommandBus: a real command replayed', () => {
  it('note:add sent twice with one key adds one concern and answers both times with its id', async () => {
    const { gate, inner, rooms, bus } = await setup();
    const doc = new Y.Doc();
    doc.transact(() => initBoard(doc, readSettings(doc)), 'server');
    await inner.commit([{ op: 'board.update', boardId: 'b1', update: Y.encodeStateAsUpdate(doc) }]);
    gate.setOpen(true);
    const resident: Actor = { participantId: 'pR', sessionId: 's1', role: 'resident', name: 'R' };
    const payload = { boardId: 'b1', text: 'More benches by the river', idempotencyKey: key };
    const first = await bus.dispatch(resident, 'note:add', payload);
    const second = await bus.dispatch(resident, 'note:add', payload);
    expect(first).toMatchObject({ ok: true, state: 'public', noteId: expect.any(String) });
    expect(second).toEqual({ ...first, replayed: true });
    const room = await rooms.get('b1', 's1');
    expect([...notesMap(room.doc).keys()]).toEqual([first.ok && 'noteId' in first ? first.noteId : 'missing']);
    expect(opsOf(gate)).toEqual([['board.update', 'idempotency.put']]);
  });
});
