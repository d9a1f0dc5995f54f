/**
 * The public results, cached per session. Building them reads every board of the session (and
 * loads each into memory), so a results page shared widely after a meeting would otherwise do
 * that on every visit. An entry is dropped by any commit that touches what it was made of: the
 * session, its boards, and the other sessions its escalations show (their titles, publication,
 * status updates, an escalated theme's concerns); see server/storage/commit-watch.ts. It is also
 * kept for one calendar day at most, since overdue flags follow the date.
 */
import type { PublicResults } from '../../shared/results.ts';
import type { CommitTargets, CommitWatch } from '../storage/commit-watch.ts';
import type { ResultsSources } from './gather.ts';

/** Sessions whose results are kept (least recently used go first). */
const MaxSessions = 64;

interface Entry {
  results: PublicResults;
  /** The calendar date the results were built for. */
  day: string;
  sources: ResultsSources;
}

/** Results being built: the commits that land meanwhile, to tell whether they are already stale. */
interface Build {
  done: Promise<PublicResults>;
  seen: { sessions: Set<string>; boards: Set<string> };
}

function touches(t: CommitTargets, s: ResultsSources): boolean {
  for (const id of t.sessions) if (s.sessions.has(id)) return true;
  for (const id of t.boards) if (s.boards.has(id)) return true;
  return false;
}

export class ResultsCache {
  private readonly entries = new Map<string, Entry>();
  /** Builds under way by session and day; concurrent visitors share one. */
  private readonly builds = new Map<string, Build>();

  constructor(commits: CommitWatch, private readonly maxSessions = MaxSessions) {
    commits.onCommit((t) => this.onCommit(t));
  }

  /**
   * The session's results for `day`: cached, or built by `build` (which records its sources) and
   * kept unless a commit touched one of those sources while it ran.
   */
  get(sessionId: string, day: string, build: (sources: ResultsSources) => Promise<PublicResults>): Promise<PublicResults> {
    const hit = this.entries.get(sessionId);
    if (hit && hit.day === day) {
      this.entries.delete(sessionId); // most recently used last
      this.entries.set(sessionId, hit);
      return Promise.resolve(hit.results);
    }
    const key = `${sessionId}\0${day}`;
    const running = this.builds.get(key);
    if (running) return running.done;
    const sources: ResultsSources = { sessions: new Set(), boards: new Set() };
    const b: Build = { done: build(sources), seen: { sessions: new Set(), boards: new Set() } };
    this.builds.set(key, b);
    void b.done.then((results) => {
      if (touches(b.seen, sources)) return;
      this.entries.delete(sessionId);
      this.entries.set(sessionId, { results, day, sources });
      while (this.entries.size > this.maxSessions) this.entries.delete(this.entries.keys().next().value!);
    }, () => undefined).finally(() => {
      if (this.builds.get(key) === b) this.builds.delete(key);
    });
    return b.done;
  }

  private onCommit(t: CommitTargets): void {
    for (const [id, e] of this.entries) if (touches(t, e.sources)) this.entries.delete(id);
    for (const b of this.builds.values()) {
      for (const id of t.sessions) b.seen.sessions.add(id);
      for (const id of t.boards) b.seen.boards.add(id);
    }
  }
}
