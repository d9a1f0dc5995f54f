/** Voting as the console sees it: progress (who still has dots, never where they went), reveal (which closes voting), reopening, ranked tallies. */
import { computed } from '@preact/signals';
import { t } from '../i18n.ts';
import type { ConsoleModel } from './console-model.ts';

/** The vote tab's state. */
export class VoteModel {
  readonly progress = computed(() => this.console.conn.pushes.voteProgress.value[this.console.boardId] ?? null);

  constructor(private readonly console: ConsoleModel) {
    // Progress is pushed after each dot; ask once so the tab is not empty before the first one.
    if (console.can('vote:status')) {
      void console.conn.send('vote:status', { boardId: console.boardId }).then((ack) => {
        if (ack.ok && !this.progress.value) {
          const { voters, withDotsLeft, dotsPerParticipant } = ack;
          console.conn.pushes.receive('vote:progress', { boardId: console.boardId, voters, withDotsLeft, dotsPerParticipant });
        }
      });
    }
  }

  async reveal(): Promise<void> {
    await this.console.run('vote:reveal', { boardId: this.console.boardId }, () => t('console.vote.revealed'));
  }

  /** Opens voting again after a reveal closed it (the tallies stay public and follow the dots). */
  async reopen(): Promise<void> {
    await this.console.run('vote:reopen', { boardId: this.console.boardId }, () => t('console.vote.reopened'));
  }
}
