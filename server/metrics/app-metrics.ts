/**
 * What one server process reports to Prometheus (`/metrics` on METRICS_PORT, see
 * metrics-endpoint.ts). One registry per app, so several apps in one test process do not share
 * counters. Labels carry kinds only (role, transport, command name, error code, storage kind),
 * never an id: a label per participant or board would grow the series without bound.
 *
 * Ownership metrics (sessions owned, takeovers, lease renewal failures, sessions lost, fenced
 * commits refused) exist only with PostgreSQL (`trackOwnership`): with one process there is no
 * lease, and a counter stuck at 0 would read as "healthy" on a dashboard.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { Roles, type Role } from '../../shared/roles.ts';

/** Live connections of one transport, by role, counted when scraped (nothing on the hot path). */
export type ConnectionCounter = () => Iterable<Role>;

/** Seconds buckets from 0.5 ms to 10 s: commits and commands are ms-scale, a stalled disk is not. */
const latencyBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class AppMetrics {
  readonly registry = new Registry();
  /** What the gauges read when scraped. */
  private readonly sources = { transports: new Map<string, ConnectionCounter>(), boards: (): number => 0, relayed: (): number => 0 };
  private readonly commands: Counter<'command' | 'outcome'>;
  private readonly commandSeconds: Histogram<'command'>;
  private readonly commitSeconds: Histogram<'storage' | 'outcome'>;
  private readonly fanoutSeconds: Histogram;
  private readonly boardUnloads: Counter<'reason'>;
  private ownership: { takeovers: Counter<'previous'>; renewFailures: Counter; lost: Counter<'reason'>; fenced: Counter } | null = null;

  constructor() {
    const registers = [this.registry];
    // Node's own process_* and nodejs_* metrics (CPU, memory, event-loop lag, GC).
    collectDefaultMetrics({ register: this.registry });
    const sources = this.sources;
    new Gauge({
      name: 'yishi_connections',
      help: 'Authenticated live connections of this process, by transport (yjs, socketio) and role.',
      labelNames: ['transport', 'role'],
      registers,
      collect() {
        this.reset();
        for (const [transport, roles] of sources.transports) {
          const counts = new Map<Role, number>(Roles.map((r) => [r, 0]));
          for (const role of roles()) counts.set(role, (counts.get(role) ?? 0) + 1);
          for (const [role, n] of counts) this.set({ transport, role }, n);
        }
      },
    });
    new Gauge({
      name: 'yishi_yjs_relayed_connections',
      help: 'Board connections that reached this process and that it relays to the process owning their session (the owner counts them again in yishi_connections).',
      registers,
      collect() {
        this.set(sources.relayed());
      },
    });
    this.commands = new Counter({
      name: 'yishi_commands_total',
      help: 'Socket commands dispatched, by command name and outcome (ok, or the error code answered). rate() gives commands per second.',
      labelNames: ['command', 'outcome'],
      registers,
    });
    this.commandSeconds = new Histogram({
      name: 'yishi_command_duration_seconds',
      help: 'From a command reaching the bus to its ack being ready (durable on success), by command name.',
      labelNames: ['command'],
      buckets: latencyBuckets,
      registers,
    });
    this.commitSeconds = new Histogram({
      name: 'yishi_commit_duration_seconds',
      help: 'One storage commit, from being handed to storage to resolving durable (or failing), by storage kind and outcome (ok, error).',
      labelNames: ['storage', 'outcome'],
      buckets: latencyBuckets,
      registers,
    });
    this.fanoutSeconds = new Histogram({
      name: 'yishi_fanout_delay_seconds',
      help: 'One fan-out frame per board window: from the oldest change in it being durable to the frame being sent to every connection of the board.',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    new Gauge({
      name: 'yishi_boards_loaded',
      help: 'Board documents held in memory by this process.',
      registers,
      collect() {
        this.set(sources.boards());
      },
    });
    this.boardUnloads = new Counter({
      name: 'yishi_board_unloads_total',
      help: 'Boards that left memory, by reason (idle, deleted, failed, shutdown).',
      labelNames: ['reason'],
      registers,
    });
  }

  /** Counts a transport's connections at scrape time by calling `roles` (one role per connection). */
  countConnections(transport: 'yjs' | 'socketio', roles: ConnectionCounter): void {
    this.sources.transports.set(transport, roles);
  }

  /** Counts the board connections relayed to other processes at scrape time by calling `count`. */
  countRelayed(count: () => number): void {
    this.sources.relayed = count;
  }

  /** Counts the boards in memory at scrape time by calling `count`. */
  countBoards(count: () => number): void {
    this.sources.boards = count;
  }

  /** A command settled: `outcome` is 'ok' or the error code its ack carried. */
  commandDone(command: string, outcome: string, seconds: number): void {
    this.commands.inc({ command, outcome });
    this.commandSeconds.observe({ command }, seconds);
  }

  /** A storage commit resolved or failed. */
  commitDone(storage: string, ok: boolean, seconds: number): void {
    this.commitSeconds.observe({ storage, outcome: ok ? 'ok' : 'error' }, seconds);
  }

  /** A board's fan-out sent a window's frame, `seconds` after its oldest change became durable. */
  fannedOut(seconds: number): void {
    this.fanoutSeconds.observe(seconds);
  }

  /** A board left memory. */
  boardUnloaded(reason: string): void {
    this.boardUnloads.inc({ reason });
  }

  /** Adds the ownership metrics (several processes on PostgreSQL); `owned` is read when scraped. */
  trackOwnership(owned: () => number): void {
    const registers = [this.registry];
    new Gauge({
      name: 'yishi_sessions_owned',
      help: 'Sessions this process holds the lease of (decides and commits for).',
      registers,
      collect() {
        this.set(owned());
      },
    });
    this.ownership = {
      takeovers: new Counter({
        name: 'yishi_ownership_takeovers_total',
        help: 'Sessions this process claimed from another process, by how the previous lease ended (lapsed: not renewed in time; released: given up).',
        labelNames: ['previous'],
        registers,
      }),
      renewFailures: new Counter({
        name: 'yishi_lease_renewal_failures_total',
        help: 'Lease renewal rounds that failed (the database did not answer); leases lapse after LEASE_MS without one.',
        registers,
      }),
      lost: new Counter({
        name: 'yishi_sessions_lost_total',
        help: 'Sessions this process stopped owning against its will, by reason (fenced: a commit was refused by the epoch fence; taken-over: a renewal found another owner).',
        labelNames: ['reason'],
        registers,
      }),
      fenced: new Counter({
        name: 'yishi_fenced_commits_total',
        help: 'Commits the store refused because the session\'s owner row no longer named this process at the epoch the commit was made under.',
        registers,
      }),
    };
  }

  /** The store refused a commit by its fence. */
  fencedCommit(): void {
    this.ownership?.fenced.inc();
  }

  /** A claim took a session from another process. */
  tookOver(lapsed: boolean): void {
    this.ownership?.takeovers.inc({ previous: lapsed ? 'lapsed' : 'released' });
  }

  /** A lease renewal round failed. */
  renewalFailed(): void {
    this.ownership?.renewFailures.inc();
  }

  /** A held session was lost; `fenced` counts a commit the store refused by its fence. */
  sessionLost(reason: string): void {
    this.ownership?.lost.inc({ reason });
  }

  /** The text exposition format, and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
