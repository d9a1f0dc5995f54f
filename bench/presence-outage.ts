/**
 * How fast presence recovers from a Redis outage: a Yishi server (in this process) with
 * REDIS_URL pointing at a private redis-server, a facilitator and `--people` residents on
 * Socket.IO; for each outage length in `--outages` (ms) Redis is killed, kept away that long,
 * and restarted empty. Prints, per outage: when Redis was ready again, when every connection was
 * back in Redis, when the facilitator got the next roster push, and every `online` figure pushed
 * after the restart (the right figure is people + 1).
 *
 *   npx tsx bench/presence-outage.ts --outages 1000,5000,30000 --people 3
 */
import { createClient } from 'redis';
import type { RosterPush } from '../shared/socket-protocol.ts';
import { connectSocket, createSession, join } from '../tests/helpers/clients.ts';
import { startPrivateRedis } from '../tests/helpers/private-redis.ts';
import { startServer } from '../tests/helpers/test-server.ts';
import { readOptions } from './options.ts';

const opts = readOptions(process.argv.slice(2), ['outages', 'people']);
const outages = opts.get('outages', '1000,5000,30000').split(',').map((v) => opts.positive('outages', v));
const people = opts.positive('people', opts.get('people', '3'));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const redis = await startPrivateRedis();
const server = await startServer({ redisUrl: redis.url, serverId: 'bench' });
try {
  const session = await createSession(server.url);
  const fac = await connectSocket(server.url, session.facilitatorToken);
  const pushes: { at: number; online: number }[] = [];
  fac.on('roster', (r: RosterPush) => pushes.push({ at: Date.now(), online: r.online }));
  const sockets = [fac];
  for (let i = 0; i < people; i++) sockets.push(await connectSocket(server.url, (await join(server.url, session.joinCode)).token));
  await sleep(500);
  console.log('outage ms | redis ready after restart ms | entries back after ready ms | first push after ready ms | online pushed after restart (want ' + (people + 1) + ')');
  for (const outageMs of outages) {
    await redis.kill();
    await sleep(outageMs);
    const from = pushes.length;
    const restartAt = Date.now();
    await redis.restart();
    const readyAt = Date.now();
    const admin = createClient({ url: redis.url });
    admin.on('error', () => {});
    await admin.connect();
    let backAt: number | null = null;
    // Polled for at most 10 s.
    for (let i = 0; i < 400 && backAt === null; i++) {
      if ((await admin.hLen(`yishi:presence:{${session.sessionId}}:entries`)) === people + 1) backAt = Date.now();
      else await sleep(25);
    }
    await sleep(500);
    await admin.close();
    const after = pushes.slice(from);
    console.log([
      outageMs, readyAt - restartAt, backAt === null ? 'not within 10 s' : backAt - readyAt,
      after[0] ? after[0].at - readyAt : 'none', after.map((p) => p.online).join(' '),
    ].join(' | '));
  }
  for (const s of sockets) s.close();
} finally {
  await server.close();
  await redis.stop();
}
