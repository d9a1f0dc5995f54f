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

/** Where a new theme goes on the board's canvas: a row of columns, 260 px apart. */
export function nextThemePosition(count: number): { x: number; y: number } {
  return { x: 40 + (count % 8) * 260, y: 40 + Math.floor(count / 8) * 400 };
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
    const pos = nextThemePosition(this.console.board.clusters.value.length);
    const ack = await this.console.run('cluster:add', { title, ...pos }, t('console.theme.added', { title: clip(title) }));
    if (ack.ok) this.newTitle.value = '';
  }

  async rename(clusterId: string, current: string): Promise<void> {
    const title = await this.console.ask({ title: t('console.theme.renameTitle', { title: clip(current) }), label: t('console.theme.name'), required: true });
    if (title) await this.console.run('cluster:rename', { clusterId, title }, t('console.theme.renamed'));
  }

  /** Sends a theme the group cannot resolve to a higher-level session (by its escalation code). */
  async escalate(clusterId: string): Promise<void> {
    await this.escalations.escalate('theme', clusterId);
  }

  async merge(sourceId: string, targetId: string): Promise<void> {
    if (!targetId || targetId === sourceId) return;
    await this.console.run('cluster:merge', { sourceId, targetId }, t('console.theme.merged'));
  }

  async remove(clusterId: string): Promise<void> {
    await this.console.run('cluster:delete', { clusterId }, t('console.theme.deleted'));
  }

  /** Files a concern under a theme (`null`: takes it out of any theme), keeping its place. */
  async moveNote(noteId: string, clusterId: string | null): Promise<void> {
    const note = this.console.board.note(noteId);
    if (!note || (note.clusterId ?? null) === clusterId) return;
    const theme = clusterId ? this.console.board.clusters.value.find((c) => c.id === clusterId)?.title : null;
    await this.console.run(
      'note:move',
      { noteId, x: note.x ?? 0, y: note.y ?? 0, clusterId },
      theme ? t('console.note.movedTo', { theme: clip(theme) }) : t('console.note.unsorted'),
    );
  }

  /** Drops the dragged concern on a theme (or on "not sorted"). */
  drop(noteId: string, clusterId: string | null): void {
    this.dragging.value = null;
    void this.moveNote(noteId, clusterId);
  }

  async hideNote(noteId: string): Promise<void> {
    const reason = await this.console.ask({ title: t('console.note.hideTitle'), label: t('console.reason'), required: true, multiline: true, confirmLabel: t('console.note.hide') });
    if (reason) await this.console.run('note:hide', { noteId, reason }, t('console.note.hidden'));
  }

  async deleteNote(noteId: string): Promise<void> {
    await this.console.run('note:delete', { noteId }, t('console.note.deleted'));
  }

  /** Puts a note, theme or action in the spotlight, or takes it out when it already is. */
  async spotlight(targetId: string): Promise<void> {
    const on = this.console.board.spotlight.value === targetId;
    await this.console.run('spotlight:set', { targetId: on ? null : targetId }, t(on ? 'console.spotlight.cleared' : 'console.spotlight.set'));
  }

  /** Expert advice on a theme or an action, under the author's name. */
  async advise(targetId: string, what: string): Promise<void> {
    const text = await this.console.ask({ title: t('console.advice.title', { what: clip(what) }), label: t('console.advice.label'), required: true, multiline: true });
    if (text) await this.console.run('advice:add', { targetId, text }, t('console.advice.added'));
  }
}
