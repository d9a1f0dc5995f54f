/**
 * The procedure's steps and the shared timer as the console runs them: moving the phase (a
 * jump forward asks for a reason, which goes into the record), on this board or on every
 * board, and a countdown against the server's clock.
 */
import { computed, signal } from '@preact/signals';
import { Phases } from '../../../shared/board-schema.ts';
import type { Phase } from '../../../shared/board-schema.ts';
import { checkPhaseChange } from '../../../shared/phases.ts';
import { t } from '../i18n.ts';
import type { ConsoleModel } from './console-model.ts';

/** Where a phase change applies: this board, or every board of the session (`*`). */
export type PhaseScope = 'board' | 'all';

/** The steps, each marked done, current or ahead. */
export interface Step {
  phase: Phase;
  state: 'done' | 'current' | 'ahead';
}

/** Steps that moving from `from` to `to` would skip (a reason is needed when there are any). */
export function skippedSteps(from: Phase, to: Phase): Phase[] {
  const change = checkPhaseChange(from, to, 'x');
  return change.ok && !change.noop ? change.skipped : [];
}

/** Phase control. */
export class ProcedureModel {
  readonly steps = computed<Step[]>(() => {
    const current = this.console.conn.model.value.phase.value;
    const at = current ? Phases.indexOf(current) : -1;
    return Phases.map((phase, i) => ({ phase, state: i < at ? 'done' : i === at ? 'current' : 'ahead' }));
  });
  readonly scope = signal<PhaseScope>('board');

  constructor(private readonly console: ConsoleModel) {}

  /** Moves the procedure to `to`; asks for a reason first when steps would be skipped. */
  async moveTo(to: Phase): Promise<boolean> {
    const from = this.console.board.phase.value ?? 'gather';
    const skipped = skippedSteps(from, to);
    let reason: string | undefined;
    if (skipped.length > 0) {
      const answer = await this.console.ask({
        title: t('console.phase.reasonTitle', { from: t(`phase.${from}`), to: t(`phase.${to}`) }),
        label: t('console.phase.reasonLabel', { skipped: skipped.map((p) => t(`phase.${p}`)).join(t('console.listSep')) }),
        required: true,
        multiline: true,
        confirmLabel: t('console.phase.confirm'),
      });
      if (answer === null) return false;
      reason = answer.trim();
    }
    const all = this.scope.value === 'all';
    const ack = await this.console.run('phase:set', {
      boardId: all ? '*' : this.console.boardId,
      phase: to,
      ...(reason ? { reason } : {}),
    }, () => t(all ? 'console.phase.movedAll' : 'console.phase.moved', { phase: t(`phase.${to}`) }));
    return ack.ok;
  }
}

/** Formats milliseconds as m:ss (or h:mm:ss). */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** The shared timer: remaining time against the server clock, and its controls. */
export class TimerModel {
  /** Minutes typed for the next start. */
  readonly minutes = signal('5');
  private readonly now = signal(0);
  private tick: ReturnType<typeof setInterval> | null = null;

  /** Remaining milliseconds, or null without a timer. */
  readonly remainingMs = computed<number | null>(() => {
    const timer = this.console.conn.model.value.timer.value;
    if (!timer) return null;
    if (timer.status === 'paused') return timer.remainingMs;
    return Math.max(0, timer.endsAt - (this.now.value + this.console.conn.pushes.clockOffset.value));
  });
  readonly status = computed(() => this.console.conn.model.value.timer.value?.status ?? 'none');

  constructor(private readonly console: ConsoleModel, private readonly clock: () => number = Date.now, tickMs = 250) {
    this.now.value = clock();
    if (typeof setInterval === 'function') this.tick = setInterval(() => (this.now.value = this.clock()), tickMs);
  }

  /** Starts (or restarts) with the typed minutes. */
  start(): void {
    const minutes = Number(this.minutes.value.replace(',', '.'));
    const seconds = Math.round(minutes * 60);
    if (!Number.isFinite(seconds) || seconds < 1 || seconds > 14_400) {
      this.console.say('error', () => t('console.timer.invalid'));
      return;
    }
    void this.console.run('timer:start', { boardId: this.console.boardId, seconds }, () => t('console.timer.started', { time: formatClock(seconds * 1000) }));
  }

  /** Starts again from where a paused timer stopped. */
  resume(): void {
    const left = this.remainingMs.value;
    if (left === null || left <= 0) return this.start();
    void this.console.run('timer:start', { boardId: this.console.boardId, seconds: Math.max(1, Math.ceil(left / 1000)) }, () => t('console.timer.resumed'));
  }

  pause(): void {
    void this.console.run('timer:pause', { boardId: this.console.boardId }, () => t('console.timer.paused'));
  }

  reset(): void {
    void this.console.run('timer:reset', { boardId: this.console.boardId }, () => t('console.timer.reset'));
  }

  destroy(): void {
    if (this.tick) clearInterval(this.tick);
  }
}
