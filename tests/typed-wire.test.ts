/**
 * The typed wire, checked by the compiler: `npx tsc -p tsconfig.json --noEmit` fails if a
 * `@ts-expect-error` below stops being an error, i.e. if a wrong payload, a wrong result field
 * or a wrong push payload compiled. The runtime assertions only pin the types' shapes.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { CommandPayload, CommandResultOf } from '../shared/commands.ts';
import type { ServerPushes } from '../shared/socket-protocol.ts';
import { defineCommand } from '../server/commands/command-types.ts';
import type { Notifier } from '../server/realtime/notifier.ts';
import type { SendAck, SendCommand } from '../client/src/board-connection.ts';
import { isQueued } from '../client/src/board-connection.ts';

describe('typed wire: payloads, results and pushes fail to compile when wrong', () => {
  it('a handler must answer exactly its command\'s result', () => {
    const good = defineCommand('cluster:add', async () => ({ ok: true, result: { clusterId: 'c1' } }));
    expectTypeOf(good.name).toEqualTypeOf<'cluster:add'>();
    // @ts-expect-error: cluster:add answers { clusterId }, not { themeId }.
    defineCommand('cluster:add', async () => ({ ok: true, result: { themeId: 'c1' } }));
    // @ts-expect-error: note:add's state is one of three words, not any string.
    defineCommand('note:add', async () => ({ ok: true, result: { noteId: 'n1', state: 'shown' } }));
    // @ts-expect-error: there is no such command.
    defineCommand('note:paint', async () => ({ ok: true, result: {} }));
  });

  it('a handler gets its payload parsed by its own schema', () => {
    defineCommand('vote:cast', async (_ctx, p) => {
      expectTypeOf(p).toEqualTypeOf<{ boardId: string; targetId: string; onBehalfOf?: string | undefined }>();
      return { ok: true, result: { remaining: 0, onTarget: 1 } };
    });
  });

  it('the client sends a payload of the command\'s schema and reads its result from the ack', () => {
    const send = (async () => ({ ok: false, error: { code: 'NETWORK', message: 'offline' } })) as SendCommand;
    void (async () => {
      const ack = await send('vote:status', { boardId: 'b1' });
      if (ack.ok) expectTypeOf(ack.withDotsLeft).toEqualTypeOf<number>();
      // @ts-expect-error: vote:status needs the board.
      await send('vote:status', {});
      // @ts-expect-error: a concern's text is a string.
      await send('note:add', { boardId: 'b1', text: 42 });
      // @ts-expect-error: no field of that name (payload schemas are strict).
      await send('vote:cast', { boardId: 'b1', targetId: 't', dots: 2 });
      const added = await send('note:add', { boardId: 'b1', text: 'More benches' });
      // A queueable command may be kept on the device: its result is read once that is ruled out.
      // @ts-expect-error: noteId may be missing (a QueuedAck has none).
      if (added.ok) void added.noteId.length;
      if (added.ok && !isQueued(added)) expectTypeOf(added.noteId).toEqualTypeOf<string>();
    });
    expectTypeOf<CommandPayload<'phase:set'>['boardId']>().toEqualTypeOf<string>();
    expectTypeOf<CommandResultOf<'session:converge'>['keptIds']>().toEqualTypeOf<string[]>();
    // Only queueable commands answer "kept on this device".
    expectTypeOf<Extract<SendAck<'vote:status'>, { queued: true }>>().toBeNever();
  });

  it('pushes carry their event\'s payload', () => {
    const notify = { toSession: () => undefined, toModerators: () => undefined, toParticipant: () => undefined } as unknown as Notifier;
    notify.toSession('s1', 'board:goto', { boardId: 'b1', by: 'p1' });
    // @ts-expect-error: board:goto says who asked.
    notify.toSession('s1', 'board:goto', { boardId: 'b1' });
    // @ts-expect-error: there is no such push.
    notify.toModerators('s1', 'board:explode', {});
    expectTypeOf<ServerPushes['held:changed']>().toEqualTypeOf<{ boardId: string }>();
  });
});
