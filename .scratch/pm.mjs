import { Worker } from 'node:worker_threads';
const w = new Worker('const {parentPort}=require("node:worker_threads");parentPort.on("message",(m)=>{parentPort.postMessage(1)})', { eval: true });
const u = new Uint8Array(300).fill(3);
async function run(name, mk) {
  let got = 0; const N = 20000;
  const done = new Promise((r) => w.on('message', () => { if (++got === N) r(); }));
  let cost = 0;
  for (let i = 0; i < N; i++) { const s = performance.now(); mk(); cost += performance.now() - s; if (i % 100 === 0) await new Promise((r) => setImmediate(r)); }
  await done; w.removeAllListeners('message');
  console.log(name, (cost / N * 1000).toFixed(1), 'µs per postMessage (sync part)');
}
const params = () => ({ boardId: 'x'.repeat(21), at: Date.now() });
for (let k = 0; k < 2; k++) {
await run('transfer copy', () => { const c = new Uint8Array(u); w.postMessage({ type: 'batch', id: 1, commits: [[{ op: 'board.update', params: { ...params(), update: c } }, { op: 'record.append', params: { a: 1, b: 'xx', data: '{"a":1}' } }]] }, [c.buffer]); });
await run('clone', () => { w.postMessage({ type: 'batch', id: 1, commits: [[{ op: 'board.update', params: { ...params(), update: u } }, { op: 'record.append', params: { a: 1, b: 'xx', data: '{"a":1}' } }]] }); });
}
process.exit(0);
