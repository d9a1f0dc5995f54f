/**
 * Action items from the console: adding one (`action:add`), writing owner, due date and status
 * straight into the action's Y.Map (moderators may; docs/API.md §5), deleting, and the issue-7
 * follow-up: a status update with a note (`action:update`) and escalation (`item:escalate`).
 */
import { signal } from '@preact/signals';
import * as Y from 'yjs';
import { ActionStatuses, isIsoDate, Roots } from '../../../shared/board-schema.ts';
import type { ActionStatus } from '../../../shared/board-schema.ts';
import { t } from '../i18n.ts';
import type { ConsoleModel } from './console-model.ts';
import type { EscalationsModel } from './escalations-model.ts';
import { clip } from './board-labels.ts';
import { ConsoleOrigin } from './y-text-field.tsx';

/** Fields of an action the console writes directly. */
export type DirectField = 'owner' | 'due' | 'status' | 'clusterId';

/** Checks a direct write as the server's guard would, so a bad value never closes the connection (4403). */
export function validField(field: DirectField, value: unknown): boolean {
  switch (field) {
    case 'owner':
      return typeof value === 'string' && value.length <= 200;
    case 'due':
      return value === null || isIsoDate(value);
    case 'status':
      return (ActionStatuses as readonly unknown[]).includes(value);
    case 'clusterId':
      return value === null || (typeof value === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(value));
  }
}

/** The console's action items. */
export class ActionsModel {
  readonly newTitle = signal('');
  readonly newTheme = signal('');

  constructor(private readonly console: ConsoleModel, private readonly escalations: EscalationsModel) {}

  async add(): Promise<void> {
    const title = this.newTitle.value.trim();
    if (!title) return;
    const clusterId = this.newTheme.value || null;
    const ack = await this.console.run('action:add', { boardId: this.console.boardId, title, clusterId }, () => t('console.action.added', { title: clip(title) }));
    if (ack.ok) this.newTitle.value = '';
  }

  /** Writes one field of an action in the board document (one transaction, tagged as the console's). */
  setField(actionId: string, field: DirectField, value: string | null): boolean {
    if (!validField(field, value)) {
      this.console.say('error', () => t('console.action.invalid'));
      return false;
    }
    const doc = this.console.conn.model.value.doc;
    const action = doc.getMap(Roots.actions).get(actionId);
    if (!(action instanceof Y.Map)) return false;
    if (action.get(field) === value) return true;
    doc.transact(() => action.set(field, value), ConsoleOrigin);
    return true;
  }

  async remove(actionId: string): Promise<void> {
    await this.console.run('action:delete', { boardId: this.console.boardId, actionId }, () => t('console.action.deleted'));
  }

  /** A dated progress note for the follow-up timeline, optionally with a new status. */
  async update(actionId: string, status: ActionStatus | ''): Promise<void> {
    const note = await this.console.ask({ title: t('console.action.updateTitle'), label: t('console.action.updateNote'), required: true, multiline: true });
    if (!note) return;
    await this.console.run('action:update', { boardId: this.console.boardId, actionId, note, ...(status ? { status } : {}) }, () => t('console.action.updated'));
  }

  /** Sends an action or theme to another session (its escalation code, typed by the moderator). */
  async escalate(kind: 'action' | 'theme', itemId: string): Promise<void> {
    await this.escalations.escalate(kind, itemId);
  }
}
