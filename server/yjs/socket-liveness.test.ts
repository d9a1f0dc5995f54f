/** Keep-alives and dead-peer detection on a clock the test turns by hand (one tick = 5 s by default). */
import { describe, expect, it } from 'vitest';
import { DefaultLivenessTiming, KeepaliveFrame, SocketLiveness, type LiveSocket } from './socket-liveness.ts';
import { decodeMessage } from './protocol-frames.ts';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';

function fakeSocket() {
  const log: string[] = [];
  const socket: LiveSocket & { log: string[] } = {
    log,
    heard: 0,
    sent: 0,
    send: (frame) => log.push(frame === KeepaliveFrame ? 'keepalive' : 'frame'),
    ping: () => log.push('ping'),
    terminate: () => log.push('terminate'),
  };
  return socket;
}

const ticks = (l: SocketLiveness<LiveSocket>, n: number) => {
  for (let i = 0; i < n; i++) l.tick();
};

describe('socket liveness', () => {
  it('the keep-alive is an awareness update with no entries, which a stock Awareness applies as nothing', () => {
    const msg = decodeMessage(KeepaliveFrame);
    expect(msg.type).toBe('awareness');
    const awareness = new awarenessProtocol.Awareness(new Y.Doc());
    const events: string[] = [];
    awareness.on('change', () => events.push('change'));
    awareness.on('update', () => events.push('update'));
    if (msg.type === 'awareness') awarenessProtocol.applyAwarenessUpdate(awareness, msg.update, 'server');
    expect(events).toEqual([]);
    expect(awareness.getStates().size).toBe(1); // only its own
    awareness.destroy();
  });

  it('a socket sent nothing for 20-25 s gets a keep-alive, well inside the provider’s 30 s; one sent frames gets none', () => {
    const l = new SocketLiveness<LiveSocket>();
    const quiet = fakeSocket();
    const busy = fakeSocket();
    l.add(quiet);
    const busyMark = l.add(busy);
    for (let t = 1; t <= 12; t++) {
      l.tick();
      busyMark.sent = l.now; // the fan-out sent it something this tick
      busyMark.heard = l.now;
    }
    expect(busy.log).toEqual([]);
    // Keep-alives at ticks 5 and 10 (25 s and 50 s): never 30 s without a frame.
    expect(quiet.log.filter((e) => e === 'keepalive')).toHaveLength(2);
    expect(DefaultLivenessTiming.keepaliveTicks * DefaultLivenessTiming.tickMs).toBeLessThanOrEqual(25_000);
  });

  it('a peer heard from (a frame or a pong) within 25 s is never pinged; one silent is pinged once, then terminated after 55-60 s', () => {
    const l = new SocketLiveness<LiveSocket>();
    const talking = fakeSocket();
    const silent = fakeSocket();
    const talkingMark = l.add(talking);
    l.add(silent);
    for (let t = 1; t <= 12; t++) {
      l.tick();
      if (t % 3 === 0) talkingMark.heard = l.now; // an awareness renewal every 15 s
    }
    expect(talking.log.filter((e) => e !== 'keepalive')).toEqual([]);
    expect(silent.log.filter((e) => e !== 'keepalive')).toEqual(['ping', 'terminate']);
    expect(l.size).toBe(1);
    ticks(l, 20);
    expect(silent.log.filter((e) => e === 'terminate')).toHaveLength(1);
  });

  it('a pong after the ping keeps the socket', () => {
    const l = new SocketLiveness<LiveSocket>();
    const s = fakeSocket();
    const mark = l.add(s);
    ticks(l, DefaultLivenessTiming.pingTicks);
    expect(s.log).toContain('ping');
    mark.heard = l.now; // the pong
    ticks(l, DefaultLivenessTiming.deadTicks - 1);
    expect(s.log).not.toContain('terminate');
    expect(l.size).toBe(1);
  });
});
