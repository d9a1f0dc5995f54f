/** The back-channel between facilitators and experts: history once, then live pushes; sending. */
import { computed, signal } from '@preact/signals';
import type { BackchannelMessage } from '../model/session-pushes.ts';
import { t } from '../i18n.ts';
import type { ConsoleModel } from './console-model.ts';

/** Joins the history and the live pushes, each message once, oldest first. */
export function mergeMessages(history: BackchannelMessage[], live: BackchannelMessage[]): BackchannelMessage[] {
  const byId = new Map<string, BackchannelMessage>();
  for (const m of [...history, ...live]) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.at - b.at);
}

/** The back-channel tab's state. */
export class BackchannelModel {
  readonly draft = signal('');
  private readonly history = signal<BackchannelMessage[]>([]);
  readonly messages = computed(() => mergeMessages(this.history.value, this.console.conn.pushes.backchannel.value));
  /** Messages that arrived while the tab was not shown. */
  readonly seen = signal(0);
  readonly unread = computed(() => Math.max(0, this.messages.value.length - this.seen.value));

  constructor(private readonly console: ConsoleModel) {
    if (console.can('backchannel:history')) {
      void console.conn.send('backchannel:history', {}).then((ack) => {
        if (ack.ok) {
          this.history.value = ack.messages;
          this.seen.value = this.history.value.length;
        }
      });
    }
  }

  markRead(): void {
    this.seen.value = this.messages.value.length;
  }

  async send(): Promise<void> {
    const text = this.draft.value.trim();
    if (!text) return;
    const ack = await this.console.run('backchannel:send', { text }, () => t('console.back.sent'));
    if (ack.ok) this.draft.value = '';
  }
}
