/**
 * What the big screen knows beyond the board document: how to join (QR link and code), the
 * vote count it may show ("N still have dots", never where), a ticking clock for the timer, what
 * the live region says, and which board to follow when the facilitator brings everyone along.
 */
import { computed, effect, signal } from '@preact/signals';
import type { BoardSummary } from '../../../shared/http-api.ts';
import { formatJoinCode } from '../../../shared/join-code.ts';
import type { MeResponse } from '../api.ts';
import type { BoardConnection } from '../board-connection.ts';
import type { BoardModel } from '../model/board-model.ts';
import { rankedRows } from '../model/tallies.ts';
import { t, tn } from '../i18n.ts';
import type { MessageKey } from '../i18n.ts';

/** The join link and code the screen shows; `open: false` when joining by code is closed. */
export interface JoinInfo {
  url: string;
  code: string;
  open: boolean;
}

/** Voting progress as counts only. */
export interface DotsLeft {
  voters: number;
  withDotsLeft: number;
}

/** The part of a board connection the big screen reads (the smallest seam, so tests fake it). */
export type ScreenConnection = Pick<BoardConnection, 'model' | 'phase' | 'status' | 'pushes' | 'send'>;

/** What the model needs from outside; tests pass fakes. */
export interface ScreenModelDeps {
  conn: ScreenConnection;
  boardId: string;
  token: string;
  loadMe(token: string, signal: AbortSignal): Promise<MeResponse & { joinCodeDisplay?: string }>;
  /** Opens another board of the session (the facilitator's "bring everyone"). */
  follow(boardId: string): void;
  /** Ticks the clock; returns the disposer. */
  every?(ms: number, run: () => void): () => void;
}

const defaultEvery = (ms: number, run: () => void): (() => void) => {
  const id = setInterval(run, ms);
  return () => clearInterval(id);
};

/** The text of the note, theme or action with this id, for announcing a spotlight. */
function spotlightText(model: BoardModel, id: string): string | null {
  return model.note(id)?.text ?? model.clusters.value.find((c) => c.id === id)?.title ?? model.actions.value.find((a) => a.id === id)?.title ?? null;
}

/** The big screen's own state. Call `destroy()` when it goes away. */
export class BigScreenModel {
  readonly join = signal<JoinInfo | null>(null);
  /** Device time, refreshed twice a second while a timer runs (add the server offset to count down). */
  readonly now = signal(Date.now());
  /** What was last said, put into words when read: a language switch re-says it in the new language. */
  private readonly said = signal<() => string>(() => '');
  /** The last thing said to screen readers (phase change, reveal, spotlight), in the current language. */
  readonly announcement = computed(() => this.said.value());
  private readonly statusAnswer = signal<DotsLeft | null>(null);
  private readonly stops: (() => void)[] = [];
  private readonly abort = new AbortController();

  /** How many voters still have dots on this board: the latest push or answer, null outside the vote and once it closed. */
  readonly dotsLeft = computed<DotsLeft | null>(() => {
    if (this.deps.conn.phase.value !== 'vote' || this.deps.conn.model.value.votingClosed.value) return null;
    const pushed = this.deps.conn.pushes.voteProgress.value[this.deps.boardId];
    return pushed ? { voters: pushed.voters, withDotsLeft: pushed.withDotsLeft } : this.statusAnswer.value;
  });

  /** The line under the board: what the hall is asked to do now (no "put your dots" once the vote closed). */
  readonly hint = computed<MessageKey | null>(() => {
    const phase = this.deps.conn.model.value.phase.value;
    if (!phase) return null;
    return phase === 'vote' && this.deps.conn.model.value.votingClosed.value ? 'screen.hint.voteClosed' : (`screen.hint.${phase}` as MessageKey);
  });

  private readonly fetchedBoards = signal<BoardSummary[] | null>(null);
  /** The session's boards (to name the breakout a converged action came from): `GET /api/me`, then pushes. */
  readonly boards = computed<readonly BoardSummary[]>(() => this.deps.conn.pushes.boards.value ?? this.fetchedBoards.value ?? []);
  /** People in the hall (the server does not count big screens). */
  readonly present = computed(() => {
    const roster = this.deps.conn.pushes.roster.value;
    return roster ? roster.online : null;
  });

  constructor(private readonly deps: ScreenModelDeps) {
    const every = deps.every ?? defaultEvery;
    deps.loadMe(deps.token, this.abort.signal).then(
      (me) => {
        this.fetchedBoards.value = me.boards;
        if (me.joinUrl && me.joinCode) this.join.value = { url: me.joinUrl, code: me.joinCodeDisplay ?? formatJoinCode(me.joinCode), open: me.joinOpen !== false };
      },
      () => undefined, // the shell shows an unauthorised token; offline, the screen just lacks the QR for now
    );
    this.stops.push(
      // A rotated code: the QR must follow at once, or people scan a dead link.
      effect(() => {
        const code = deps.conn.pushes.sessionChange.value?.joinCode;
        const current = this.join.peek();
        if (code && current) this.join.value = { ...current, code: formatJoinCode(code), url: current.url.replace(/\/j\/[^/]*$/, `/j/${encodeURIComponent(code)}`) };
      }),
      effect(() => {
        const goto = deps.conn.pushes.goto.value;
        if (goto && goto.boardId !== deps.boardId) deps.follow(goto.boardId);
      }),
      // Ask once per vote step (and after reconnecting); pushes keep the count fresh afterwards.
      effect(() => {
        if (deps.conn.phase.value !== 'vote' || deps.conn.status.value !== 'online') return;
        void deps.conn.send('vote:status', { boardId: deps.boardId }).then((ack) => {
          if (ack.ok) this.statusAnswer.value = { voters: ack.voters, withDotsLeft: ack.withDotsLeft };
        });
      }),
      this.tickWhileTiming(every),
      this.watchAnnouncements(),
    );
  }

  /** Milliseconds left on the board's timer by the server's clock, or null without a timer. */
  remainingMs(): number | null {
    const timer = this.deps.conn.model.value.timer.value;
    if (!timer) return null;
    if (timer.status === 'paused') return timer.remainingMs;
    // The clock offset is measured over a network hop; never show more than the timer was set to.
    return Math.min(timer.durationMs, Math.max(0, timer.endsAt - (this.now.value + this.deps.conn.pushes.clockOffset.value)));
  }

  /** True while the timer is set but paused. */
  paused(): boolean {
    return this.deps.conn.model.value.timer.value?.status === 'paused';
  }

  destroy(): void {
    this.abort.abort();
    for (const stop of this.stops.splice(0)) stop();
  }

  private tickWhileTiming(every: NonNullable<ScreenModelDeps['every']>): () => void {
    let stopTick: (() => void) | null = null;
    const stopEffect = effect(() => {
      const running = this.deps.conn.model.value.timer.value?.status === 'running';
      if (running && !stopTick) stopTick = every(500, () => (this.now.value = Date.now()));
      if (!running && stopTick) {
        stopTick();
        stopTick = null;
      }
    });
    return () => {
      stopEffect();
      stopTick?.();
    };
  }

  /** Phase changes, the reveal and the spotlight are said once when they change (not on first load). */
  private watchAnnouncements(): () => void {
    let phase: string | null | undefined;
    let revealed: boolean | undefined;
    let spot: string | null | undefined;
    return effect(() => {
      const model = this.deps.conn.model.value;
      const p = model.phase.value;
      const r = model.tallies.value !== null;
      const s = model.spotlight.value;
      if (p === null) return; // not synced yet
      const say: (() => string)[] = [];
      if (phase !== undefined && p !== phase) say.push(() => t('screen.announce.phase', { phase: t(`phase.${p}`), hint: t(`screen.hint.${p}` as MessageKey) }));
      if (revealed !== undefined && r && !revealed) {
        const top = rankedRows(model)[0];
        say.push(() => (top ? tn('screen.announce.reveal', top.votes, { title: top.title }) : t('screen.announce.revealEmpty')));
      }
      if (spot !== undefined && s && s !== spot) {
        const text = spotlightText(model, s);
        if (text) say.push(() => t('screen.announce.spotlight', { text }));
      }
      phase = p;
      revealed = r;
      spot = s;
      if (say.length > 0) this.said.value = () => say.map((words) => words()).join(' ');
    });
  }
}
