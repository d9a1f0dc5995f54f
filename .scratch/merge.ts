import * as Y from 'yjs';
import { writeNewNote, notesMap } from '/work/main/shared/board-doc.ts';
const doc = new Y.Doc();
const log: Uint8Array[] = [];
doc.on('update', (u: Uint8Array) => log.push(u));
for (let i = 0; i < 4500; i++) writeNewNote(doc, { id: 'n' + i.toString().padStart(20, '0'), text: 'A concern about the lift in building 3 #yc' + i + '#', authorId: 'a'.repeat(21), x: i, y: i, clusterId: null, createdAt: Date.now(), color: 'yellow' } as any);
const snap = Y.encodeStateAsUpdate(doc);
log.length = 0;
for (let i = 4500; i < 5000; i++) writeNewNote(doc, { id: 'n' + i.toString().padStart(20, '0'), text: 'A concern about the lift in building 3 #yc' + i + '#', authorId: 'a'.repeat(21), x: i, y: i, clusterId: null, createdAt: Date.now(), color: 'yellow' } as any);
for (let i = 0; i < 500; i++) notesMap(doc).get('n' + (i*7).toString().padStart(20, '0'))!.set('x', 5);
console.log('log', log.length);
for (let k = 0; k < 4; k++) {
  let t = performance.now(); const m = Y.mergeUpdates([snap, ...log]); const tm = performance.now() - t;
  t = performance.now(); const d = new Y.Doc(); Y.applyUpdate(d, snap); for (const u of log) Y.applyUpdate(d, u); const ta = performance.now() - t;
  t = performance.now(); const e = Y.encodeStateAsUpdate(d); const te = performance.now() - t;
  console.log(`merge ${tm.toFixed(1)} ms ${m.length} B; doc apply ${ta.toFixed(1)} encode ${te.toFixed(1)} ms ${e.length} B`);
}
