/**
 * A convener runs their own breakout from the tablet: the resident who proposed the topic may
 * move the step on (a jump forward needs a reason, as `phase:set` does), add themes and
 * actions, run the shared timer, and reveal the vote and the private writing. Each control is
 * offered only when `can()` says the server would accept it (docs/API.md §8, "Conveners").
 */
import { computed, signal } from '@preact/signals';
import { Phases } from '../../../shared/board-schema.ts';
import type { ClusterFields, Phase } from '../../../shared/board-schema.ts';
import { themePosition } from '../../../shared/board-placement.ts';
import type { CommandName, CommandPayload } from '../../../shared/commands.ts';
import { can } from '../../../shared/permissions.ts';
import { checkPhaseChange } from '../../../shared/phases.ts';
import type { Actor } from '../../../shared/roles.ts';
import type { BoardConnection, SendAck } from '../board-connection.ts';
import type { MessageKey } from '../i18n.ts';
import type { BoardModel, NoteView } from '../model/board-model.ts';
import { NOTE_H, THEME_TITLE_H, THEME_TITLE_W, noteRect, themeRegions } from './board-layout.ts';
import type { Rect } from './board-layout.ts';
import { refusalKey } from './tablet-model.ts';

/** The connection parts the convener's tools need (a fake in tests). */
export type ConvenerConnection = Pick<BoardConnection, 'send' | 'model'>;

/** How the tools tell the person what happened (the tablet's notice line). */
export type Say = (tone: 'ok' | 'error', key: MessageKey, vars?: Record<string, string | number>) => void;

/** A step of the procedure, marked done, current or ahead. */
export interface ConvenerStep {
  phase: Phase;
  state: 'done' | 'current' | 'ahead';
}

/** Longest timer the server accepts (`timer:start`), in seconds. */
const MaxTimerSeconds = 4 * 3600;

const overlaps = (a: Rect, b: Rect): boolean => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** The theme column index just right of a theme standing at `x` (shared/board-placement.ts). */
function indexRightOf(x: number): number {
  let i = 0;
  while (themePosition(i).x <= x && i < 1000) i++;
  return i;
}

/**
 * Where a new theme goes: the next theme column after the rightmost theme (as the console
 * places them), moved further right while its frame — title and room for two rows of concerns,
 * as the tablet draws a theme — would cover another theme's frame or a concern.
 */
export function newThemePlace(clusters: readonly ClusterFields[], notes: readonly NoteView[]): { x: number; y: number } {
  const taken: Rect[] = [...themeRegions(clusters, notes), ...notes.map(noteRect)];
  let i = clusters.length === 0 ? 0 : Math.max(clusters.length, ...clusters.map((c) => indexRightOf(c.x)));
  for (let tries = 0; tries < 200; tries++, i++) {
    const p = themePosition(i);
    const frame: Rect = { x: p.x - 16, y: p.y - 16, w: THEME_TITLE_W + 32, h: THEME_TITLE_H + 2 * NOTE_H + 64 };
    if (!taken.some((r) => overlaps(r, frame))) return p;
  }
  return themePosition(i);
}

/** The convener's controls on one breakout board. */
export class ConvenerModel {
  /** True on a breakout whose convener is this device's person (false on the plenary). */
  readonly isConvener = computed(() => {
    const breakout = this.conn.model.value.breakout.value;
    return breakout != null && breakout.convenerId === this.actor.participantId;
  });
  readonly steps = computed<ConvenerStep[]>(() => {
    const current = this.conn.model.value.phase.value;
    const at = current ? Phases.indexOf(current) : -1;
    return Phases.map((phase, i) => ({ phase, state: i < at ? 'done' : i === at ? 'current' : 'ahead' }));
  });
  /** The tool the current step is about, shown first: private writing, themes, the vote, actions. */
  readonly focus = computed<'private' | 'theme' | 'vote' | 'action' | null>(() => {
    const phase = this.conn.model.value.phase.value;
    return phase === 'gather' ? 'private' : phase === 'cluster' ? 'theme' : phase === 'vote' ? 'vote' : phase === 'act' ? 'action' : null;
  });
  /** A jump forward waiting for its reason (null: none asked). */
  readonly jump = signal<Phase | null>(null);
  readonly reason = signal('');
  readonly themeTitle = signal('');
  readonly actionTitle = signal('');
  /** Minutes typed for the next timer start. */
  readonly minutes = signal('5');
  /** The command in flight, so its button can wait (one at a time is plenty for one person). */
  readonly busy = signal<CommandName | null>(null);
  /** A problem with what was typed (not the server's), shown beside the field. */
  readonly problem = signal<{ field: 'reason' | 'theme' | 'action' | 'minutes'; key: MessageKey } | null>(null);

  constructor(
    private readonly conn: ConvenerConnection,
    private readonly boardId: string,
    private readonly actor: Actor,
    private readonly say: Say,
  ) {}

  /** The board as it is now (replaced after a reset: never keep it). */
  get board(): BoardModel {
    return this.conn.model.value;
  }

  /** Whether the server would accept `command` from me on this board now. */
  may(command: CommandName): boolean {
    return can(this.actor, command, this.board.state()).ok;
  }

  /** The step after the current one, or null at the end. */
  get nextPhase(): Phase | null {
    const at = Phases.indexOf(this.board.phase.value ?? 'gather');
    return Phases[at + 1] ?? null;
  }

  /** The step before the current one, or null at the start. */
  get previousPhase(): Phase | null {
    const at = Phases.indexOf(this.board.phase.value ?? 'gather');
    return at > 0 ? Phases[at - 1]! : null;
  }

  /** Steps a move to `to` would skip (a reason is asked for when there are any). */
  skipped(to: Phase): Phase[] {
    const change = checkPhaseChange(this.board.phase.value ?? 'gather', to, 'x');
    return change.ok && !change.noop ? change.skipped : [];
  }

  /** Moves to `to`; a jump forward first asks for a reason (see `confirmJump`). */
  async moveTo(to: Phase): Promise<boolean> {
    if (this.skipped(to).length > 0) {
      this.jump.value = to;
      this.reason.value = '';
      this.problem.value = null;
      return false;
    }
    this.jump.value = null;
    return this.setPhase(to);
  }

  /** Sends the asked-for jump with the reason typed. */
  async confirmJump(): Promise<boolean> {
    const to = this.jump.value;
    if (!to) return false;
    const reason = this.reason.value.trim();
    if (!reason) {
      this.problem.value = { field: 'reason', key: 'tablet.convener.reasonNeeded' };
      return false;
    }
    const ok = await this.setPhase(to, reason);
    if (ok) this.cancelJump();
    return ok;
  }

  /** Takes what was typed into a field; its earlier problem no longer applies. */
  type(field: 'reason' | 'theme' | 'action' | 'minutes', value: string): void {
    const target = { reason: this.reason, theme: this.themeTitle, action: this.actionTitle, minutes: this.minutes }[field];
    target.value = value;
    if (this.problem.value?.field === field) this.problem.value = null;
  }

  cancelJump(): void {
    this.jump.value = null;
    this.reason.value = '';
    if (this.problem.value?.field === 'reason') this.problem.value = null;
  }

  async addTheme(): Promise<boolean> {
    const title = this.themeTitle.value.trim();
    if (!title) return this.fieldProblem('theme', 'tablet.convener.themeEmpty');
    const place = newThemePlace(this.board.clusters.value, this.board.notes.value);
    const ack = await this.run('cluster:add', { boardId: this.boardId, title, ...place });
    if (!ack.ok) return false;
    this.themeTitle.value = '';
    this.say('ok', 'tablet.convener.themeAdded', { title });
    return true;
  }

  async addAction(): Promise<boolean> {
    const title = this.actionTitle.value.trim();
    if (!title) return this.fieldProblem('action', 'tablet.convener.actionEmpty');
    const ack = await this.run('action:add', { boardId: this.boardId, title });
    if (!ack.ok) return false;
    this.actionTitle.value = '';
    this.say('ok', 'tablet.convener.actionAdded', { title });
    return true;
  }

  /** Starts (or restarts) the shared timer with the typed minutes. */
  async startTimer(): Promise<boolean> {
    const seconds = Math.round(Number(this.minutes.value.trim().replace(',', '.')) * 60);
    if (!Number.isFinite(seconds) || seconds < 1 || seconds > MaxTimerSeconds) return this.fieldProblem('minutes', 'tablet.convener.minutesInvalid');
    const ack = await this.run('timer:start', { boardId: this.boardId, seconds });
    if (ack.ok) this.say('ok', 'tablet.convener.timerStarted', { minutes: Math.round((seconds / 60) * 10) / 10 });
    return ack.ok;
  }

  /** Starts a paused timer again from where it stopped (there is no separate resume command). */
  async resumeTimer(): Promise<boolean> {
    const timer = this.board.timer.value;
    if (timer?.status !== 'paused' || timer.remainingMs <= 0) return this.startTimer();
    const ack = await this.run('timer:start', { boardId: this.boardId, seconds: Math.min(MaxTimerSeconds, Math.max(1, Math.ceil(timer.remainingMs / 1000))) });
    if (ack.ok) this.say('ok', 'tablet.convener.timerResumed');
    return ack.ok;
  }

  async pauseTimer(): Promise<boolean> {
    const ack = await this.run('timer:pause', { boardId: this.boardId });
    if (ack.ok) this.say('ok', 'tablet.convener.timerPaused');
    return ack.ok;
  }

  async revealVote(): Promise<boolean> {
    const ack = await this.run('vote:reveal', { boardId: this.boardId });
    if (ack.ok) this.say('ok', 'tablet.convener.voteRevealed');
    return ack.ok;
  }

  /** Opens voting again after the reveal closed it. */
  async reopenVote(): Promise<boolean> {
    const ack = await this.run('vote:reopen', { boardId: this.boardId });
    if (ack.ok) this.say('ok', 'tablet.convener.voteReopened');
    return ack.ok;
  }

  /** Lets every private concern onto the board (or into screening, when that is on). */
  async revealPrivate(): Promise<boolean> {
    const ack = await this.run('notes:reveal', { boardId: this.boardId });
    if (!ack.ok) return false;
    const n = ack.revealed;
    this.say('ok', n === 0 ? 'tablet.convener.privateNone' : ack.toScreening ? 'tablet.convener.privateToScreening' : 'tablet.convener.privateShown', { n });
    return true;
  }

  destroy(): void {}

  private async setPhase(to: Phase, reason?: string): Promise<boolean> {
    const ack = await this.run('phase:set', { boardId: this.boardId, phase: to, ...(reason ? { reason } : {}) });
    return ack.ok;
  }

  private fieldProblem(field: 'theme' | 'action' | 'minutes', key: MessageKey): false {
    this.problem.value = { field, key };
    return false;
  }

  /** Sends a command on this board; a refusal becomes the notice. */
  private async run<N extends CommandName>(name: N, payload: CommandPayload<N>): Promise<SendAck<N>> {
    this.busy.value = name;
    this.problem.value = null;
    const ack = await this.conn.send(name, payload);
    if (this.busy.value === name) this.busy.value = null;
    if (!ack.ok) this.say('error', refusalKey(ack.error.code));
    return ack;
  }
}
