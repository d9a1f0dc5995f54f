/**
 * One board document read into signals: notes, themes, actions, the server-written board
 * state and (on the plenary) the open-space marketplace. Each root is re-read only when it
 * changed, and at most once per animation frame, so a busy board of thousands of notes does
 * not re-read everything for every remote keystroke.
 */
import { batch, signal } from '@preact/signals';
import * as Y from 'yjs';
import { BoardKeys, Phases, Roots } from '../../../shared/board-schema.ts';
import type { ActionFields, ClusterFields, NoteFields, Phase, Tallies, TimerState } from '../../../shared/board-schema.ts';
import { OpenSpaceRoots } from '../../../shared/open-space.ts';
import type { AdviceFields, BreakoutInfo, PlaceFields, TopicFields } from '../../../shared/open-space.ts';
import type { BoardState } from '../../../shared/permissions.ts';
import { DefaultSettings } from '../../../shared/settings-defaults.ts';
import type { Settings } from '../../../shared/settings.ts';

/** A note as the screens use it (`photoId` appears once photos land). */
export type NoteView = NoteFields & { photoId?: string };

/** An action as the screens use it: `title` as a string, and the shared Y.Text to co-draft it. */
export interface ActionView extends Omit<ActionFields, 'title'> {
  title: string;
  /** The collaborative title; bind inputs to it, never replace it. Null if the server wrote a plain string. */
  titleText: Y.Text | null;
}

type Scheduler = (run: () => void) => () => void;

/** Runs `run` on the next animation frame in browsers, on a macrotask elsewhere (tests). */
const nextFrame: Scheduler = (run) => {
  if (typeof requestAnimationFrame === 'function') {
    const id = requestAnimationFrame(run);
    return () => cancelAnimationFrame(id);
  }
  const id = setTimeout(run, 0);
  return () => clearTimeout(id);
};

type Part = 'notes' | 'clusters' | 'actions' | 'board' | 'topics' | 'spaces' | 'slots' | 'advice';

function entries<T>(map: Y.Map<unknown>): T[] {
  const out: T[] = [];
  for (const [id, value] of map) {
    if (value instanceof Y.Map) out.push({ ...(value.toJSON() as object), id } as T);
  }
  return out;
}

const byCreated = <T extends { createdAt: number; id: string }>(a: T, b: T): number =>
  a.createdAt - b.createdAt || a.id.localeCompare(b.id);

/** Signals over one Y.Doc. Call `destroy()` when the doc goes away. */
export class BoardModel {
  /** Concerns on the board, oldest first. */
  readonly notes = signal<NoteView[]>([]);
  /** Themes, oldest first. */
  readonly clusters = signal<ClusterFields[]>([]);
  /** Action items, oldest first. */
  readonly actions = signal<ActionView[]>([]);
  /** The board's phase; null until the server's state arrived. */
  readonly phase = signal<Phase | null>(null);
  readonly locked = signal(false);
  readonly settings = signal<Settings>(DefaultSettings);
  /** The id of the note, theme or action everyone is asked to look at. */
  readonly spotlight = signal<string | null>(null);
  readonly timer = signal<TimerState | null>(null);
  /** Null until the facilitator reveals the vote. */
  readonly tallies = signal<Tallies | null>(null);
  /** The reveal closed voting (`board.voting`): no dot is cast or taken back until a moderator reopens it. */
  readonly votingClosed = signal(false);
  /** Participant ids that said they are ready. */
  readonly ready = signal<string[]>([]);
  /** Set on a breakout board: its topic and convener. */
  readonly breakout = signal<BreakoutInfo | null>(null);
  /** Open space (plenary only): proposed topics, spaces and slots of the agenda wall. */
  readonly topics = signal<TopicFields[]>([]);
  readonly spaces = signal<PlaceFields[]>([]);
  readonly slots = signal<PlaceFields[]>([]);
  /** Expert advice on themes and actions. */
  readonly advice = signal<AdviceFields[]>([]);

  private readonly dirty = new Set<Part>();
  private cancel: (() => void) | null = null;
  private readonly unobserve: (() => void)[] = [];

  constructor(readonly doc: Y.Doc, private readonly schedule: Scheduler = nextFrame) {
    const watch = (part: Part, map: Y.Map<unknown>): void => {
      const handler = (): void => this.markDirty(part);
      map.observeDeep(handler);
      this.unobserve.push(() => map.unobserveDeep(handler));
    };
    watch('notes', doc.getMap(Roots.notes));
    watch('clusters', doc.getMap(Roots.clusters));
    watch('actions', doc.getMap(Roots.actions));
    watch('board', doc.getMap(Roots.board));
    watch('topics', doc.getMap(OpenSpaceRoots.topics));
    watch('spaces', doc.getMap(OpenSpaceRoots.spaces));
    watch('slots', doc.getMap(OpenSpaceRoots.slots));
    watch('advice', doc.getMap(OpenSpaceRoots.advice));
    for (const part of ['notes', 'clusters', 'actions', 'board', 'topics', 'spaces', 'slots', 'advice'] as const) this.dirty.add(part);
    this.flush();
  }

  /** Reads every changed root now instead of on the next frame (tests, and before a measurement). */
  flush(): void {
    this.cancel?.();
    this.cancel = null;
    const parts = [...this.dirty];
    this.dirty.clear();
    batch(() => {
      for (const part of parts) this.read(part);
    });
  }

  /** The note with this id, if it is on the board. */
  note(id: string): NoteView | undefined {
    return this.notes.value.find((n) => n.id === id);
  }

  /**
   * What `can(actor, command, state)` from shared/permissions.ts needs to know about this board,
   * so a screen shows exactly the controls the server would accept.
   */
  state(targetAuthorId?: string | null): BoardState {
    return {
      phase: this.phase.value ?? 'gather',
      locked: this.locked.value,
      residentsSort: this.settings.value.residentsSort,
      targetAuthorId: targetAuthorId ?? null,
      convenerId: this.breakout.value?.convenerId ?? null,
      votingClosed: this.votingClosed.value,
    };
  }

  /** Notes filed under a theme (`null`: not yet sorted). */
  notesIn(clusterId: string | null): NoteView[] {
    return this.notes.value.filter((n) => (n.clusterId ?? null) === clusterId);
  }

  destroy(): void {
    this.cancel?.();
    this.cancel = null;
    for (const stop of this.unobserve) stop();
    this.unobserve.length = 0;
  }

  private markDirty(part: Part): void {
    this.dirty.add(part);
    if (this.cancel) return;
    let ran = false;
    const cancel = this.schedule(() => {
      ran = true;
      this.cancel = null;
      this.flush();
    });
    // A scheduler may run at once (tests); then there is nothing left to cancel.
    if (!ran) this.cancel = cancel;
  }

  private read(part: Part): void {
    const doc = this.doc;
    switch (part) {
      case 'notes':
        this.notes.value = entries<NoteView>(doc.getMap(Roots.notes)).sort(byCreated);
        return;
      case 'clusters':
        this.clusters.value = entries<ClusterFields>(doc.getMap(Roots.clusters)).sort(byCreated);
        return;
      case 'actions': {
        const out: ActionView[] = [];
        for (const [id, value] of doc.getMap(Roots.actions)) {
          if (!(value instanceof Y.Map)) continue;
          const title = value.get('title');
          out.push({
            ...(value.toJSON() as Omit<ActionFields, 'title'>),
            id,
            title: title instanceof Y.Text ? title.toString() : String(title ?? ''),
            titleText: title instanceof Y.Text ? title : null,
          });
        }
        this.actions.value = out.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
        return;
      }
      case 'board': {
        const b = doc.getMap(Roots.board);
        const phase = b.get(BoardKeys.phase);
        this.phase.value = (Phases as readonly unknown[]).includes(phase) ? (phase as Phase) : null;
        this.locked.value = b.get(BoardKeys.locked) === true;
        this.settings.value = { ...DefaultSettings, ...((b.get(BoardKeys.settings) ?? {}) as Partial<Settings>) };
        const spot = b.get(BoardKeys.spotlight);
        this.spotlight.value = typeof spot === 'string' ? spot : null;
        this.timer.value = (b.get(BoardKeys.timer) as TimerState | null | undefined) ?? null;
        this.tallies.value = (b.get(BoardKeys.tallies) as Tallies | null | undefined) ?? null;
        this.votingClosed.value = b.get(BoardKeys.voting) === 'closed';
        const ready = b.get(BoardKeys.ready);
        this.ready.value = Array.isArray(ready) ? ready.filter((r): r is string => typeof r === 'string') : [];
        this.breakout.value = (b.get('breakout') as BreakoutInfo | undefined) ?? null;
        return;
      }
      case 'topics':
        this.topics.value = entries<TopicFields>(doc.getMap(OpenSpaceRoots.topics)).sort(byCreated);
        return;
      case 'spaces':
        this.spaces.value = entries<PlaceFields>(doc.getMap(OpenSpaceRoots.spaces)).sort(byCreated);
        return;
      case 'slots':
        this.slots.value = entries<PlaceFields>(doc.getMap(OpenSpaceRoots.slots)).sort(byCreated);
        return;
      case 'advice':
        this.advice.value = entries<AdviceFields>(doc.getMap(OpenSpaceRoots.advice)).sort(byCreated);
        return;
    }
  }
}
