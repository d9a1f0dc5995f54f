/**
 * Sorting the board: themes (add, rename, merge, delete), moving concerns into themes (by drag
 * or by choosing a theme), and the moderator's actions on one concern (spotlight, hide with a
 * reason, delete — undoable from the record).
 */
import { signal } from '@preact/signals';
import { t } from '../i18n.ts';
import type { ConsoleModel } from './console-model.ts';
import type { EscalationsModel } from './escalations-model.ts';
import { clip } from './board-labels.ts';
import { slotInTheme, themePosition, unsortedPosition } from '../../../shared/board-placement.ts';

/** The theme column index just right of a theme standing at `x` (see shared/board-placement.ts). */
function nextIndexAfter(x: number): number {
  let i = 0;
  while (themePosition(i).x <= x && i < 1000) i++;
  return i;
}

/** Theme and concern actions of the console. */
export class ThemeModel {
  /** The concern being dragged, so drop zones can light up. */
  readonly dragging = signal<string | null>(null);
  readonly newTitle = signal('');

  constructor(private readonly console: ConsoleModel, private readonly escalations: EscalationsModel) {}

  async addTheme(): Promise<void> {
    const title = this.newTitle.value.trim();
    if (!title) return;
    // After the last theme, so it never lands on another (themes deleted earlier leave their gap).
    const themes = this.console.board.clusters.value;
    const pos = themePosition(themes.length === 0 ? 0 : Math.max(themes.length, ...themes.map((c) => nextIndexAfter(c.x))));
    const ack = await this.console.run('cluster:add', { boardId: this.console.boardId, title, ...pos }, () => t('console.theme.added', { title: clip(title) }));
    if (ack.ok) this.newTitle.value = '';
  }

  async rename(clusterId: string, current: string): Promise<void> {
    const title = await this.console.ask({ title: t('console.theme.renameTitle', { title: clip(current) }), label: t('console.theme.name'), required: true });
    if (title) await this.console.run('cluster:rename', { boardId: this.console.boardId, clusterId, title }, () => t('console.theme.renamed'));
  }

  /** Sends a theme the group cannot resolve to a higher-level session (by its escalation code). */
  async escalate(clusterId: string): Promise<void> {
    await this.escalations.escalate('theme', clusterId);
  }

  async merge(sourceId: string, targetId: string): Promise<void> {
    if (!targetId || targetId === sourceId) return;
    await this.console.run('cluster:merge', { boardId: this.console.boardId, sourceId, targetId }, () => t('console.theme.merged'));
  }

  async remove(clusterId: string): Promise<void> {
    await this.console.run('cluster:delete', { boardId: this.console.boardId, clusterId }, () => t('console.theme.deleted'));
  }

  /**
   * Files a concern under a theme, in the next cell of the theme's column (`null`: takes it out
   * of any theme, back to the unsorted area), so the board stays readable on the tablets.
   */
  async moveNote(noteId: string, clusterId: string | null): Promise<void> {
    const board = this.console.board;
    const note = board.note(noteId);
    if (!note || (note.clusterId ?? null) === clusterId) return;
    const cluster = clusterId ? board.clusters.value.find((c) => c.id === clusterId) : null;
    const theme = cluster?.title ?? null;
    const pos = cluster ? slotInTheme(cluster, board.notesIn(cluster.id).length) : unsortedPosition(board.notesIn(null).length);
    await this.console.run(
      'note:move',
      { boardId: this.console.boardId, noteId, ...pos, clusterId },
      () => (theme ? t('console.note.movedTo', { theme: clip(theme) }) : t('console.note.unsorted')),
    );
  }

  /** Drops the dragged concern on a theme (or on "not sorted"). */
  drop(noteId: string, clusterId: string | null): void {
    this.dragging.value = null;
    void this.moveNote(noteId, clusterId);
  }

  async hideNote(noteId: string): Promise<void> {
    const reason = await this.console.ask({ title: t('console.note.hideTitle'), label: t('console.reason'), required: true, multiline: true, confirmLabel: t('console.note.hide') });
    if (reason) await this.console.run('note:hide', { boardId: this.console.boardId, noteId, reason }, () => t('console.note.hidden'));
  }

  async deleteNote(noteId: string): Promise<void> {
    await this.console.run('note:delete', { boardId: this.console.boardId, noteId }, () => t('console.note.deleted'));
  }

  /** Puts a note, theme or action in the spotlight, or takes it out when it already is. */
  async spotlight(targetId: string): Promise<void> {
    const on = this.console.board.spotlight.value === targetId;
    await this.console.run('spotlight:set', { boardId: this.console.boardId, targetId: on ? null : targetId }, () => t(on ? 'console.spotlight.cleared' : 'console.spotlight.set'));
  }

  /** Expert advice on a theme or an action, under the author's name. */
  async advise(targetId: string, what: string): Promise<void> {
    const text = await this.console.ask({ title: t('console.advice.title', { what: clip(what) }), label: t('console.advice.label'), required: true, multiline: true });
    if (text) await this.console.run('advice:add', { boardId: this.console.boardId, targetId, text }, () => t('console.advice.added'));
  }
}
