/**
 * The `participation` push to a session's facilitators and experts on this process: after a
 * roster push (presence changed) and after a commit that may have changed the figures (a concern
 * added, a person joined), gathered for up to a second per session; after a commit it is sent
 * only when the figures differ from the last ones sent.
 */
import type { Participation } from '../sessions/participation.ts';

/** The part of the Socket.IO server the push uses. */
export interface ParticipationPushIo {
  local: { to(room: string): { emit(event: 'participation', payload: Participation): unknown } };
  of(namespace: '/'): { adapter: { rooms: Map<string, Set<string>> } };
}

export interface ParticipationPushDeps {
  io: ParticipationPushIo;
  /** The Socket.IO room of a session's moderators. */
  moderatorRoom: (sessionId: string) => string;
  participation: (sessionId: string) => Promise<Participation>;
  onError: (err: unknown) => void;
  /** How long a commit's changes are gathered before the figures are taken again (default 1 s). */
  delayMs?: number;
}

/**
 * Commits gathered for one recount. Taking the figures reads every participant of the session
 * and recounts each board a commit touched (a few ms for 1,000 people and 5,000 concerns); at
 * 200 concerns a second a 150 ms wait did that about seven times a second for figures people
 * read at a glance.
 */
export const DefaultParticipationDelayMs = 1_000;

export class ParticipationPush {
  /** What was last sent per session, while the session has moderators here. */
  private readonly last = new Map<string, string>();
  private readonly pending = new Map<string, { always: boolean; timer: NodeJS.Timeout }>();

  constructor(private readonly deps: ParticipationPushDeps) {}

  /** Sends the figures now, or only if they changed since the last push. */
  async push(sessionId: string, onlyIfChanged = false): Promise<void> {
    if (!this.hasModerators(sessionId)) {
      this.last.delete(sessionId);
      return;
    }
    const summary = await this.deps.participation(sessionId);
    const json = JSON.stringify(summary);
    if (onlyIfChanged && this.last.get(sessionId) === json) return;
    this.last.set(sessionId, json);
    this.deps.io.local.to(this.deps.moderatorRoom(sessionId)).emit('participation', summary);
  }

  /**
   * A commit may have changed the session's figures: push within the delay if they did. With
   * `always` (presence changed: a moderator may have just arrived), push within the delay even
   * if they did not. Either way one recount per session per delay, however many joins and
   * commits it gathers: a hall of tablets arriving at the start no longer recounts every 150 ms.
   */
  changed(sessionId: string, always = false): void {
    const pending = this.pending.get(sessionId);
    if (pending) {
      pending.always ||= always;
      return;
    }
    if (!this.hasModerators(sessionId)) return;
    const entry = {
      always,
      timer: setTimeout(() => {
        this.pending.delete(sessionId);
        this.push(sessionId, !entry.always).catch(this.deps.onError);
      }, this.deps.delayMs ?? DefaultParticipationDelayMs),
    };
    entry.timer.unref();
    this.pending.set(sessionId, entry);
  }

  close(): void {
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
    this.last.clear();
  }

  private hasModerators(sessionId: string): boolean {
    // The adapter's rooms are this process's own sockets, with or without the Redis adapter.
    return (this.deps.io.of('/').adapter.rooms.get(this.deps.moderatorRoom(sessionId))?.size ?? 0) > 0;
  }
}
