/**
 * Similar-concern suggestions (`suggest:similar`, computed by the server without a model) and
 * the one-tap merge of a group into its oldest concern (`note:mergeInto`, undoable).
 */
import { computed, signal } from '@preact/signals';
import type { SimilarGroup } from '../../../shared/similar-concerns.ts';
import type { NoteView } from '../model/board-model.ts';
import { t } from '../i18n.ts';
import type { ConsoleModel } from './console-model.ts';

/** One suggested group as the server returns it. */
export type { SimilarGroup };

/** A group with its concerns still on the board, oldest first (the one the others fold into). */
export interface SimilarView {
  key: string;
  score: number;
  notes: NoteView[];
}

/** Asks for suggestions and merges them. */
export class SimilarModel {
  readonly groups = signal<SimilarGroup[] | null>(null);
  readonly loading = signal(false);
  /** The groups whose concerns are still on the board (two or more of them). */
  readonly views = computed<SimilarView[]>(() => {
    const notes = this.console.conn.model.value.notes.value;
    const byId = new Map(notes.map((n) => [n.id, n]));
    return (this.groups.value ?? [])
      .map((g) => ({
        key: g.noteIds.join(','),
        score: g.score,
        notes: g.noteIds.map((id) => byId.get(id)).filter((n): n is NoteView => !!n).sort((a, b) => a.createdAt - b.createdAt),
      }))
      .filter((v) => v.notes.length > 1);
  });

  constructor(private readonly console: ConsoleModel) {}

  async refresh(): Promise<void> {
    this.loading.value = true;
    try {
      const ack = await this.console.run('suggest:similar', { boardId: this.console.boardId });
      if (ack.ok) {
        this.groups.value = ack.groups;
        this.console.say('ok', () => t('console.similar.found', { n: this.views.value.length }));
      }
    } finally {
      this.loading.value = false;
    }
  }

  /** Folds every concern of the group into its oldest one. */
  async merge(view: SimilarView): Promise<void> {
    const [keep, ...rest] = view.notes;
    if (!keep || rest.length === 0) return;
    const ack = await this.console.run('note:mergeInto', { boardId: this.console.boardId, noteIds: rest.map((n) => n.id), into: { noteId: keep.id } }, () => t('console.similar.merged', { n: rest.length }));
    if (ack.ok && this.groups.value) this.groups.value = this.groups.value.filter((g) => g.noteIds.join(',') !== view.key);
  }

  /** Files every concern of the group under a theme instead. */
  async fileUnder(view: SimilarView, clusterId: string): Promise<void> {
    if (!clusterId) return;
    const ack = await this.console.run('note:mergeInto', { boardId: this.console.boardId, noteIds: view.notes.map((n) => n.id), into: { clusterId } }, () => t('console.similar.filed'));
    if (ack.ok && this.groups.value) this.groups.value = this.groups.value.filter((g) => g.noteIds.join(',') !== view.key);
  }
}
