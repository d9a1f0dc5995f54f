import { it } from 'vitest';
import * as Y from 'yjs';
import { createMemoryStorage } from '../server/storage/memory-storage.ts';
import { BoardRoom } from '../server/yjs/board-room.ts';
import { entry, serverBoard } from '../server/yjs/guard-fixtures.ts';
it('dbg', async () => {
  const storage = createMemoryStorage();
  await storage.commit([{ op: 'board.update', boardId: 'b1', update: Y.encodeStateAsUpdate(serverBoard()) }]);
  const room = await BoardRoom.load('b1', 's1', storage, { compactAfterUpdates: 3, compactLogPercent: 0, fanoutWindowMs: 0, onFailure: (_r, err) => { throw err; } });
  const a: any = room.authority;
  for (let x = 1; x <= 3; x++) { await room.serverChange((doc) => entry(doc, 'notes', 'n1').set('x', x)); console.log('after', x, a.updatesSinceSnapshot, a.logBytes, a.snapshotBytes, a.inflight, a.compacting); }
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  console.log((await storage.loadBoardDoc('b1')).updates.length, a.updatesSinceSnapshot);
});
