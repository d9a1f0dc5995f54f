/** Voting as the console sees it: progress (who still has dots, never where they went), reveal, ranked tallies. */
import { computed } from '@preact/signals';
import type { Tallies } from '../../../shared/board-schema.ts';
import { t } from '../i18n.ts';
import type { BoardModel } from '../model/board-model.ts';
import type { ConsoleModel } from './console-model.ts';
import { targetText } from './board-labels.ts';

/** One ranked line of revealed tallies. */
export interface RankedTally {
  id: string;
  text: string;
  dots: number;
  /** Ties share a rank (1, 1, 3). */
  rank: number;
}

/** Ranks revealed tallies: most dots first, ties share a rank and are listed by text; gone targets are left out. */
export function rankTallies(tallies: Tallies, board: BoardModel, locale = 'en'): RankedTally[] {
  const rows = Object.entries(tallies)
    .map(([id, dots]) => ({ id, dots, text: targetText(board, id) }))
    .filter((r): r is { id: string; dots: number; text: string } => r.text !== null && r.dots > 0)
    .sort((a, b) => b.dots - a.dots || a.text.localeCompare(b.text, locale));
  let rank = 0;
  return rows.map((r, i) => {
    if (i === 0 || r.dots !== rows[i - 1]!.dots) rank = i + 1;
    return { ...r, rank };
  });
}

/** The vote tab's state. */
export class VoteModel {
  readonly progress = computed(() => this.console.conn.pushes.voteProgress.value[this.console.boardId] ?? null);

  constructor(private readonly console: ConsoleModel) {
    // Progress is pushed after each dot; ask once so the tab is not empty before the first one.
    if (console.can('vote:status')) {
      void console.conn.send('vote:status', { boardId: console.boardId }).then((ack) => {
        if (ack.ok && !this.progress.value) {
          const { voters, withDotsLeft, dotsPerParticipant } = ack as unknown as { voters: number; withDotsLeft: number; dotsPerParticipant: number };
          console.conn.pushes.receive('vote:progress', { boardId: console.boardId, voters, withDotsLeft, dotsPerParticipant });
        }
      });
    }
  }

  async reveal(): Promise<void> {
    await this.console.run('vote:reveal', {}, t('console.vote.revealed'));
  }
}
