/**
 * The moderation queue: held concerns of this board (private, awaiting screening, rejected,
 * hidden) fetched with `notes:held` and re-fetched whenever the server says they changed;
 * approve, reject with a reason, restore, reveal private writing; and undo from the record.
 */
import { computed, effect, signal, untracked } from '@preact/signals';
import type { HeldNote } from '../../../shared/command-results.ts';
import { t, tn } from '../i18n.ts';
import { getRecord } from './console-api.ts';
import type { RecordEntry } from './console-api.ts';
import type { ConsoleModel } from './console-model.ts';

/** A held concern as `notes:held` returns it. */
export type { HeldNote };

/** Record entry kinds `record:undo` can undo (docs/API.md §9). */
export const UndoableKinds = ['note.deleted', 'cluster.deleted', 'cluster.merged', 'action.deleted', 'notes.merged'] as const;

/** Undoable entries of a record that were not undone yet, newest first. */
export function undoable(entries: RecordEntry[], boardId?: string): RecordEntry[] {
  const undone = new Set(entries.filter((e) => e.kind === 'undo').map((e) => Number(e.data.of)));
  return entries
    .filter((e) => (UndoableKinds as readonly string[]).includes(e.kind) && !undone.has(e.seq) && (!boardId || e.boardId === boardId))
    .sort((a, b) => b.seq - a.seq);
}

/** What an undoable entry was about, for people. */
export function describeEntry(entry: RecordEntry): string {
  const d = entry.data as Record<string, unknown>;
  const text = (v: unknown, key: string): string => (typeof v === 'object' && v && typeof (v as Record<string, unknown>)[key] === 'string' ? String((v as Record<string, unknown>)[key]) : '');
  switch (entry.kind) {
    case 'note.deleted':
      return t('console.record.noteDeleted', { text: text(d.note, 'text') });
    case 'cluster.deleted':
      return t('console.record.themeDeleted', { text: text(d.cluster, 'title') });
    case 'cluster.merged':
      return t('console.record.themeMerged', { text: text(d.source, 'title') });
    case 'action.deleted':
      return t('console.record.actionDeleted', { text: text(d.action, 'title') });
    case 'notes.merged':
      return t('console.record.notesMerged', { n: Array.isArray(d.notes) ? d.notes.length : Array.isArray(d.before) ? d.before.length : 0 });
    default:
      return entry.kind;
  }
}

/** Held concerns and the undo list of one board. */
export class ModerationModel {
  readonly held = signal<HeldNote[]>([]);
  readonly record = signal<RecordEntry[]>([]);
  readonly loading = signal(false);
  /** Concerns waiting for screening, oldest first. */
  readonly pending = computed(() => this.held.value.filter((h) => h.state === 'pending').sort((a, b) => a.at - b.at));
  readonly hidden = computed(() => this.held.value.filter((h) => h.state === 'hidden'));
  readonly rejected = computed(() => this.held.value.filter((h) => h.state === 'rejected'));
  readonly privateCount = computed(() => this.held.value.filter((h) => h.state === 'private').length);
  readonly undoList = computed(() => undoable(this.record.value, this.console.boardId));
  private readonly stop: () => void;
  private destroyed = false;

  constructor(private readonly console: ConsoleModel, private readonly loadRecord = getRecord) {
    // Every held:changed push for this board (and the first run) fetches the queue again.
    this.stop = effect(() => {
      void console.conn.pushes.heldChanged.value[console.boardId];
      void console.conn.model.value;
      untracked(() => void this.refreshHeld());
    });
  }

  async refreshHeld(): Promise<void> {
    if (!this.console.can('note:approve')) return;
    const ack = await this.console.conn.send('notes:held', { boardId: this.console.boardId });
    if (!this.destroyed && ack.ok) this.held.value = ack.notes;
  }

  async refreshRecord(): Promise<void> {
    this.loading.value = true;
    try {
      const entries = await this.loadRecord(this.console.stored.sessionId, this.console.stored.token);
      if (!this.destroyed) this.record.value = entries;
    } catch (err) {
      this.console.fail(err);
    } finally {
      this.loading.value = false;
    }
  }

  async approve(noteId: string): Promise<void> {
    const ack = await this.console.run('note:approve', { boardId: this.console.boardId, noteId }, () => t('console.mod.approved'));
    if (ack.ok) await this.refreshHeld();
  }

  async reject(noteId: string): Promise<void> {
    const reason = await this.console.ask({ title: t('console.mod.rejectTitle'), label: t('console.mod.rejectReason'), required: true, multiline: true, confirmLabel: t('console.mod.reject') });
    if (!reason) return;
    const ack = await this.console.run('note:reject', { boardId: this.console.boardId, noteId, reason }, () => t('console.mod.rejected'));
    if (ack.ok) await this.refreshHeld();
  }

  async restore(noteId: string): Promise<void> {
    const ack = await this.console.run('note:restore', { boardId: this.console.boardId, noteId }, () => t('console.mod.restored'));
    if (ack.ok) await this.refreshHeld();
  }

  /** Lets every private concern of the board in (into screening while it is on). */
  async revealPrivate(): Promise<void> {
    const ack = await this.console.run('notes:reveal', { boardId: this.console.boardId });
    if (ack.ok) {
      this.console.say('ok', () => tn(ack.toScreening ? 'console.mod.revealedToScreening' : 'console.mod.revealed', ack.revealed));
      await this.refreshHeld();
    }
  }

  async undo(seq: number): Promise<void> {
    const ack = await this.console.run('record:undo', { seq }, () => t('console.record.undone'));
    if (ack.ok) {
      await this.refreshRecord();
      await this.refreshHeld();
    }
  }

  destroy(): void {
    this.destroyed = true;
    this.stop();
  }
}
