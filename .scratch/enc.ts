import * as Y from 'yjs';
import { writeNewNote } from '/work/main/shared/board-doc.ts';
const doc = new Y.Doc();
for (let i = 0; i < 5000; i++) writeNewNote(doc, { id: 'n' + i.toString().padStart(20, '0'), text: 'A concern about the lift in building 3 #yc' + i + '#', authorId: 'a'.repeat(21), x: i, y: i, clusterId: null, createdAt: Date.now(), color: 'yellow' } as any);
for (let k = 0; k < 5; k++) { const t = performance.now(); const u = Y.encodeStateAsUpdate(doc); const t2 = performance.now(); const m = Y.encodeStateVector(doc); console.log('encode', (t2 - t).toFixed(1), 'ms', u.length, 'bytes; sv', (performance.now()-t2).toFixed(2)); }
const u = Y.encodeStateAsUpdate(doc);
{ const t = performance.now(); const d2 = new Y.Doc(); Y.applyUpdate(d2, u); console.log('apply', (performance.now() - t).toFixed(1)); }
