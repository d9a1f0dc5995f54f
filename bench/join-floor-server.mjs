// The server of `npm run bench:join-floor`: a bare `ws` server that answers each connection's
// first message (a y-websocket sync step 1) with one sync step 2 frame of BYTES bytes of payload,
// built once. No Yjs, no authentication, no storage: what is left is the connection and the
// kernel's work of sending those bytes, the floor under any server's join. PORT from the environment.
import { WebSocketServer } from 'ws';

const bytes = Number(process.env.BYTES ?? 0);
// [messageSync 0][syncStep2 1][varUint length][payload]: what a provider reads as the board's state.
const header = [0, 1];
for (let n = bytes; ; n = Math.floor(n / 128)) {
  if (n < 128) {
    header.push(n);
    break;
  }
  header.push((n % 128) | 128);
}
const frame = Buffer.concat([Buffer.from(header), Buffer.alloc(bytes, 0x61)]);

const wss = new WebSocketServer({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1', perMessageDeflate: false, clientTracking: false });
wss.on('connection', (ws) => {
  ws.once('message', () => ws.send(frame));
  ws.on('error', () => {});
});
wss.on('listening', () => console.log(`listening ${wss.address().port}`));

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
