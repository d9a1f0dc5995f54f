/**
 * The many-session workload of `bench:scale`: per session a facilitator, `tablets` residents
 * (each a Socket.IO command client) and `watchers` of them also holding a y-websocket
 * connection to the board (raw, finding concern markers in the bytes, as bench:hall's tablets
 * do). Every connection goes to the balancer's next process, so with three processes two
 * thirds of the commands and board connections reach a process that does not own the session.
 * Concerns arrive as the facilitator's `note:add` (the vote step: only moderators add then),
 * dots as residents' `vote:cast`, or `vote:retract` once a resident's dots are spent, each
 * session at a steady rate.
 */
import type { CreateSessionResponse, JoinResponse } from '../shared/http-api.ts';
import { inPool, post } from './boards.ts';
import { HallTablet, Wire } from './hall-tablet.ts';
import { Histogram, markerText } from './markers.ts';
import { CommandClient, type Balancer, type Outcome } from './scale-clients.ts';

export interface Plan {
  sessions: number;
  tablets: number;
  watchers: number;
  targets: number;
  dots: number;
  /** Per session, per second. */
  voteRate: number;
  concernRate: number;
  /** How long a command is retried before the bench gives up on it. */
  giveUpMs: number;
}

interface Resident {
  index: number;
  client: CommandClient;
  busy: boolean;
  /** Targets of this resident's acknowledged dots, oldest first (what the ledger holds for them). */
  cast: string[];
  seq: number;
  /** A command of this resident was given up: its ledger state is not known. */
  unsure: boolean;
  participantId: string;
}

export interface BenchSession {
  index: number;
  id: string;
  joinCode: string;
  boardId: string;
  facilitator: CommandClient;
  residents: Resident[];
  watchers: HallTablet[];
  /** The process each watcher connected to. */
  watcherProcs: number[];
  targets: string[];
  concernSeq: number;
  voteCursor: number;
  voteDebt: number;
  concernDebt: number;
}

interface Concern {
  session: BenchSession;
  sentAt: number;
  measured: boolean;
  seen: Uint8Array;
}

export type Kind = 'vote' | 'concern';

/** What one measured window saw. */
export class Window {
  measuring = false;
  issued = 0;
  acked = 0;
  retried = 0;
  /** The "try elsewhere" answers that made a command go again, by code. */
  readonly retriedOn = new Map<string, number>();
  notSent = 0;
  readonly refused = new Map<string, number>();
  readonly ack = new Histogram();
  readonly ackByKind = { vote: new Histogram(), concern: new Histogram() };
  readonly delivery = new Histogram();
  /** Acknowledged commands per session id and the process they went through. */
  readonly via = new Map<string, number[]>();
  /** Commands of the window not answered yet. */
  inFlight = 0;
  concerns = 0;
  expectedDeliveries = 0;
  duplicates = 0;
}

const connectConcurrency = 24;
const joinConcurrency = 16;

export class Workload {
  readonly sessions: BenchSession[] = [];
  private readonly concerns = new Map<number, Concern>();
  private nextConcernId = 1;
  private timer: NodeJS.Timeout | null = null;
  private lastTick = 0;
  private inFlight = 0;
  window = new Window();
  watcherCloses = 0;
  /** Called with every answered command (failover watches it). */
  onOutcome: ((s: BenchSession, kind: Kind, o: Outcome) => void) | null = null;

  constructor(
    readonly balancer: Balancer,
    readonly plan: Plan,
  ) {}

  /** Creates the sessions (each on the balancer's next process), seeds its concerns, opens the vote, joins and connects everyone. */
  async setUp(log: (s: string) => void): Promise<void> {
    const p = this.plan;
    const t0 = performance.now();
    const created = await inPool(Array.from({ length: p.sessions }, (_, i) => i), 4, (i) => this.createSession(i));
    this.sessions.push(...created);
    log(`  ${p.sessions} sessions created and opened for voting (${p.targets} concerns each) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const t1 = performance.now();
    const slots = this.sessions.flatMap((s) => Array.from({ length: p.tablets }, (_, r) => ({ s, r })));
    const joined = await inPool(slots, joinConcurrency, async ({ s, r }) => {
      const proc = this.balancer.at(this.balancer.take());
      return { s, r, j: await post<JoinResponse>(proc.server.httpUrl, '/api/join', { joinCode: s.joinCode, name: `Resident ${r}` }) };
    });
    log(`  ${slots.length} residents joined in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
    const t2 = performance.now();
    for (const { s, r, j } of joined) {
      s.residents[r] = { index: r, client: new CommandClient(j.token, this.balancer.take(), this.balancer), busy: false, cast: [], seq: 0, unsure: false, participantId: j.participantId };
    }
    await inPool(this.sessions.flatMap((s) => s.residents), connectConcurrency, (r) => r.client.connect());
    log(`  ${slots.length} Socket.IO command clients connected in ${((performance.now() - t2) / 1000).toFixed(1)} s`);
    const t3 = performance.now();
    const watchSlots = joined.filter(({ r }) => r < p.watchers);
    await inPool(watchSlots, connectConcurrency, async ({ s, r, j }) => {
      s.watchers[r] = await this.connectWatcher(s, r, j.token);
    });
    log(`  ${watchSlots.length} y-websocket board watchers synced in ${((performance.now() - t3) / 1000).toFixed(1)} s`);
  }

  private async createSession(i: number): Promise<BenchSession> {
    const p = this.plan;
    const proc = this.balancer.at(this.balancer.take());
    const created = await post<CreateSessionResponse>(proc.server.httpUrl, '/api/sessions', { title: `Scale ${i}`, settings: { dotsPerParticipant: p.dots, capPerTarget: p.dots } });
    const facilitator = new CommandClient(created.facilitatorToken, this.balancer.take(), this.balancer);
    const s: BenchSession = {
      index: i, id: created.sessionId, joinCode: created.joinCode, boardId: created.boards[0]!.id, facilitator, residents: [], watchers: [], watcherProcs: [], targets: [],
      concernSeq: 0, voteCursor: 0, voteDebt: Math.random(), concernDebt: Math.random(),
    };
    for (let k = 0; k < p.targets; k++) {
      const o = await facilitator.send('note:add', { boardId: s.boardId, text: `Option ${k} of session ${i}`, idempotencyKey: `seed-${i}-${k}` }, 30_000);
      if (!o.ok) throw new Error(`session ${i}: seeding note:add refused (${o.code})`);
      const noteId = o.body?.noteId;
      if (typeof noteId !== 'string') throw new Error(`session ${i}: note:add acknowledged without a noteId`);
      s.targets.push(noteId);
    }
    for (const phase of ['cluster', 'vote']) {
      const o = await facilitator.send('phase:set', { boardId: s.boardId, phase, idempotencyKey: `phase-${i}-${phase}` }, 30_000);
      if (!o.ok) throw new Error(`session ${i}: phase:set ${phase} refused (${o.code})`);
    }
    return s;
  }

  private connectWatcher(s: BenchSession, r: number, token: string): Promise<HallTablet> {
    const proc = this.balancer.at(this.balancer.take());
    s.watcherProcs[r] = proc.index;
    return HallTablet.connect({
      url: `${proc.server.httpUrl.replace(/^http/, 'ws')}/yjs/${s.boardId}?token=${encodeURIComponent(token)}`,
      wire: new Wire('y-websocket', s.boardId),
      index: r,
      timeoutMs: 60_000,
      onMarker: (_t, id, at) => this.delivered(r, id, at),
      onClose: () => this.watcherCloses++,
    });
  }

  private delivered(watcher: number, id: number, at: number): void {
    const c = this.concerns.get(id);
    if (!c || !c.measured) return;
    if (c.seen[watcher]) {
      this.window.duplicates++;
      return;
    }
    c.seen[watcher] = 1;
    this.window.delivery.add(at - c.sentAt);
  }

  /** Starts issuing commands at the plan's rates (a fresh window, not measuring yet). */
  start(): void {
    this.lastTick = performance.now();
    this.timer = setInterval(() => this.tick(), 20);
  }

  get inFlightCount(): number {
    return this.inFlight;
  }

  /** Stops issuing; resolves once every command in flight is answered or given up (at the latest 30 s after its give-up time) with how many are not. */
  async stop(): Promise<number> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const deadline = performance.now() + this.plan.giveUpMs + 30_000;
    while (this.inFlight > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    return this.inFlight;
  }

  private tick(): void {
    const now = performance.now();
    const dt = (now - this.lastTick) / 1000;
    this.lastTick = now;
    for (const s of this.sessions) {
      s.voteDebt += this.plan.voteRate * dt;
      s.concernDebt += this.plan.concernRate * dt;
      for (; s.voteDebt >= 1; s.voteDebt--) this.vote(s);
      for (; s.concernDebt >= 1; s.concernDebt--) this.concern(s);
    }
  }

  /** The next resident of the session with nothing in flight (a tablet's outbox sends one at a time) casts or takes back a dot. */
  private vote(s: BenchSession): void {
    const n = s.residents.length;
    let r: Resident | undefined;
    for (let k = 0; k < n && !r; k++) {
      const c = s.residents[(s.voteCursor + k) % n]!;
      if (!c.busy) {
        r = c;
        s.voteCursor = (s.voteCursor + k + 1) % n;
      }
    }
    if (!r) {
      this.window.notSent += this.window.measuring ? 1 : 0;
      return;
    }
    const resident = r;
    const retract = resident.cast.length >= this.plan.dots;
    const targetId = retract ? resident.cast[0]! : s.targets[(resident.index + resident.seq) % s.targets.length]!;
    const key = `vote-${s.index}-${resident.index}-${resident.seq++}`;
    resident.busy = true;
    this.run(s, 'vote', resident.client, retract ? 'vote:retract' : 'vote:cast', { boardId: s.boardId, targetId, idempotencyKey: key }, (o) => {
      if (o.ok) {
        if (retract) resident.cast.shift();
        else resident.cast.push(targetId);
      } else if (o.code === 'GAVE_UP') resident.unsure = true;
      resident.busy = false;
    });
  }

  private concern(s: BenchSession): void {
    const id = this.nextConcernId++;
    const sentAt = performance.now();
    const measured = this.window.measuring;
    this.concerns.set(id, { session: s, sentAt, measured, seen: new Uint8Array(s.watchers.length) });
    if (measured) {
      this.window.concerns++;
      this.window.expectedDeliveries += s.watchers.filter((w) => w.open).length;
    }
    this.run(s, 'concern', s.facilitator, 'note:add', { boardId: s.boardId, text: markerText(id), idempotencyKey: `concern-${s.index}-${s.concernSeq++}` }, () => undefined);
  }

  private run(s: BenchSession, kind: Kind, client: CommandClient, name: string, payload: object, done: (o: Outcome) => void): void {
    const w = this.window;
    const measured = w.measuring;
    if (measured) {
      w.issued++;
      w.inFlight++;
    }
    this.inFlight++;
    void client.send(name, payload, this.plan.giveUpMs).then((o) => {
      this.inFlight--;
      if (measured) w.inFlight--;
      if (measured) {
        if (o.retriedOn.length > 0) w.retried++;
        for (const code of o.retriedOn) w.retriedOn.set(code, (w.retriedOn.get(code) ?? 0) + 1);
        if (o.ok) {
          w.acked++;
          w.ack.add(o.answeredAt - o.firstSentAt);
          w.ackByKind[kind].add(o.answeredAt - o.firstSentAt);
          if (o.via) {
            const counts = w.via.get(s.id) ?? [];
            counts[o.via.index] = (counts[o.via.index] ?? 0) + 1;
            w.via.set(s.id, counts);
          }
        } else w.refused.set(o.code!, (w.refused.get(o.code!) ?? 0) + 1);
      }
      done(o);
      this.onOutcome?.(s, kind, o);
    });
  }

  close(): void {
    for (const s of this.sessions) {
      s.facilitator.close();
      for (const r of s.residents) r.client.close();
      for (const w of s.watchers) w.close();
    }
  }
}
