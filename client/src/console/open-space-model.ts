/**
 * Open space from the console: the marketplace (accept, decline with a reason, merge proposed
 * topics), spaces and time slots, the agenda wall (`agenda:place`), head-counts per board, and
 * convergence back to the plenary.
 */
import { computed } from '@preact/signals';
import type { TopicFields } from '../../../shared/open-space.ts';
import { t, tn } from '../i18n.ts';
import type { ConsoleModel } from './console-model.ts';
import { clip } from './board-labels.ts';

/** One cell of the agenda wall: a space at a time, and the topic placed there. */
export interface AgendaCell {
  spaceId: string;
  slotId: string;
  topic: TopicFields | null;
}

/** The agenda grid, a row per slot and a cell per space. */
export function agendaGrid(topics: TopicFields[], spaceIds: string[], slotIds: string[]): AgendaCell[][] {
  return slotIds.map((slotId) =>
    spaceIds.map((spaceId) => ({
      spaceId,
      slotId,
      topic: topics.find((tp) => tp.status === 'accepted' && tp.spaceId === spaceId && tp.slotId === slotId) ?? null,
    })),
  );
}

/** The open-space tab's state and actions (all acting on the plenary). */
export class OpenSpaceModel {
  readonly topics = computed(() => this.console.conn.model.value.topics.value);
  readonly proposed = computed(() => this.topics.value.filter((tp) => tp.status === 'proposed'));
  readonly accepted = computed(() => this.topics.value.filter((tp) => tp.status === 'accepted'));
  readonly closed = computed(() => this.topics.value.filter((tp) => tp.status === 'declined' || tp.status === 'merged'));
  readonly grid = computed(() => {
    const m = this.console.conn.model.value;
    return agendaGrid(this.topics.value, m.spaces.value.map((s) => s.id), m.slots.value.map((s) => s.id));
  });
  /** People per board (roster), every board of the session listed. */
  readonly headcounts = computed(() => {
    const byBoard = this.console.conn.pushes.roster.value?.byBoard ?? {};
    const boards = this.console.details.value.boards;
    return boards.map((b) => ({ id: b.id, title: b.title, kind: b.kind, people: byBoard[b.id] ?? 0 }));
  });

  constructor(private readonly console: ConsoleModel) {}

  async accept(topic: TopicFields): Promise<void> {
    await this.console.run('topic:accept', { topicId: topic.id }, () => t('console.os.accepted', { title: clip(topic.title) }));
  }

  async decline(topic: TopicFields): Promise<void> {
    const reason = await this.console.ask({ title: t('console.os.declineTitle', { title: clip(topic.title) }), label: t('console.os.declineReason'), required: false, multiline: true, confirmLabel: t('console.os.decline') });
    if (reason === null) return;
    await this.console.run('topic:decline', { topicId: topic.id, ...(reason ? { reason } : {}) }, () => t('console.os.declined'));
  }

  async merge(source: TopicFields, targetId: string): Promise<void> {
    if (!targetId) return;
    await this.console.run('topic:merge', { sourceId: source.id, targetId }, () => t('console.os.merged'));
  }

  async addPlace(kind: 'space' | 'slot'): Promise<void> {
    const label = await this.console.ask({ title: t(kind === 'space' ? 'console.os.addSpace' : 'console.os.addSlot'), label: t(kind === 'space' ? 'console.os.spaceLabel' : 'console.os.slotLabel'), required: true });
    if (label) await this.console.run(kind === 'space' ? 'space:add' : 'slot:add', { label }, () => t('console.os.placeAdded', { label: clip(label) }));
  }

  async place(topicId: string, spaceId: string, slotId: string): Promise<void> {
    if (!topicId) return;
    await this.console.run('agenda:place', { topicId, spaceId, slotId }, () => t('console.os.placed'));
  }

  async converge(): Promise<void> {
    const ack = await this.console.run('session:converge', {});
    if (!ack.ok) return;
    const { converged, breakouts, carried, kept } = ack;
    this.console.say('ok', () => {
      const said = [tn('console.os.converged', converged, { boards: breakouts })];
      if (carried > 0) said.push(tn('console.os.carried', carried));
      // The facilitator must learn that a breakout's edits did not travel.
      if (kept > 0) said.push(tn('console.os.kept', kept));
      return said.join(' ');
    });
  }
}
