/**
 * Escalation between sessions (docs/API.md §12): sending a theme or action to a higher-level
 * session by its escalation code, and the lists of items sent and received, re-read whenever the
 * server pushes `escalations:changed`. The receiving side's moderators set the status.
 */
import { effect, signal, untracked } from '@preact/signals';
import type { EscalationStatus, EscalationView } from '../../../shared/results.ts';
import { t } from '../i18n.ts';
import { listEscalations } from './console-api.ts';
import type { ConsoleModel } from './console-model.ts';

/** Shows the code as two groups of five, as people read it aloud (the server ignores the dash). */
export function formatEscalationCode(code: string): string {
  return code.length === 10 ? `${code.slice(0, 5)}-${code.slice(5)}` : code;
}

/** The escalations of this session, both ways. */
export class EscalationsModel {
  readonly incoming = signal<EscalationView[]>([]);
  readonly outgoing = signal<EscalationView[]>([]);
  readonly loaded = signal(false);
  private readonly stop: () => void;
  private lastPush: unknown = undefined;
  private destroyed = false;

  constructor(private readonly console: ConsoleModel, private readonly load = listEscalations) {
    // The server says an escalation to or from this session changed: read the lists again.
    this.stop = effect(() => {
      const push = console.conn.pushes.other.value['escalations:changed'];
      if (push === undefined || push === this.lastPush) return;
      this.lastPush = push;
      untracked(() => void this.refresh());
    });
  }

  async refresh(): Promise<void> {
    if (!this.console.can('item:escalate')) return;
    try {
      const res = await this.load(this.console.stored.sessionId, this.console.stored.token);
      if (this.destroyed) return;
      this.incoming.value = res.incoming;
      this.outgoing.value = res.outgoing;
      this.loaded.value = true;
    } catch (err) {
      this.console.fail(err);
    }
  }

  /** Asks for the target's escalation code and sends one item of this board there. */
  async escalate(kind: 'action' | 'theme', itemId: string): Promise<void> {
    const code = await this.console.ask({ title: t('console.escalate.title'), label: t('console.escalate.code'), required: true });
    if (!code) return;
    const ack = await this.console.run('item:escalate', { boardId: this.console.boardId, kind, itemId, code }, () => t('console.escalate.done'));
    if (ack.ok) await this.refresh();
  }

  /** Sets the status of an item received from another session (that session's page shows it). */
  async setStatus(escalationId: string, status: EscalationStatus, note: string): Promise<boolean> {
    const trimmed = note.trim();
    const ack = await this.console.run('escalation:update', { escalationId, status, ...(trimmed ? { note: trimmed } : {}) }, () => t('console.esc.saved'));
    if (ack.ok) await this.refresh();
    return ack.ok;
  }

  destroy(): void {
    this.destroyed = true;
    this.stop();
  }
}
