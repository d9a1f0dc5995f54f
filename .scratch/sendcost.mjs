import { WebSocketServer, WebSocket, Sender } from 'ws';
import http from 'node:http';
const N = 1000;
const server = http.createServer();
const wss = new WebSocketServer({ server, perMessageDeflate: false });
const conns = [];
wss.on('connection', (ws) => conns.push(ws));
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const port = server.address().port;
const clients = [];
let received = 0;
for (let i = 0; i < N; i++) {
  const c = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false });
  c.on('message', () => received++);
  clients.push(c);
  await new Promise((r) => c.once('open', r));
}
while (conns.length < N) await new Promise((r) => setTimeout(r, 10));
const payload = Buffer.alloc(300, 7);
function viaWs() { for (const ws of conns) ws.send(payload); }
const frame = Buffer.concat(Sender.frame(payload, { fin: true, rsv1: false, opcode: 2, mask: false, readOnly: true, generateMask: undefined, maskBuffer: undefined }));
function viaRaw() { for (const ws of conns) ws._socket.write(frame); }
async function bench(name, fn) {
  const rounds = 50; let t0 = process.cpuUsage(); const w0 = performance.now(); let sync = 0;
  for (let r = 0; r < rounds; r++) { const s = performance.now(); fn(); sync += performance.now() - s; await new Promise((res) => setTimeout(res, 20)); }
  const cpu = process.cpuUsage(t0);
  console.log(`${name}: sync loop ${(sync / rounds).toFixed(2)} ms per 1000 sends; process CPU ${((cpu.user + cpu.system) / 1000 / rounds).toFixed(2)} ms per round (incl. receiving)`);
}
for (let k = 0; k < 2; k++) { await bench('ws.send', viaWs); await bench('raw write', viaRaw); }
console.log('received', received);
process.exit(0);
