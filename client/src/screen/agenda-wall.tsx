/**
 * The open-space agenda wall: spaces across, time slots down, each placed topic in its cell with
 * how many people are in its breakout right now; then topics still waiting for a place, and the
 * proposals not yet accepted.
 */
import { useRef } from 'preact/hooks';
import type { TopicFields } from '../../../shared/open-space.ts';
import { t } from '../i18n.ts';
import { locale } from '../i18n.ts';
import type { BoardModel } from '../model/board-model.ts';
import { useAutoFit } from './auto-fit.ts';

export function AgendaWall({ model, byBoard }: { model: BoardModel; byBoard: Record<string, number> }) {
  const ref = useRef<HTMLDivElement>(null);
  const spaces = model.spaces.value;
  const slots = model.slots.value;
  const topics = model.topics.value;
  const accepted = topics.filter((x) => x.status === 'accepted');
  const placed = (spaceId: string, slotId: string) => accepted.find((x) => x.spaceId === spaceId && x.slotId === slotId);
  const unplaced = accepted.filter((x) => !x.spaceId || !x.slotId || !spaces.some((s) => s.id === x.spaceId) || !slots.some((s) => s.id === x.slotId));
  const proposed = topics.filter((x) => x.status === 'proposed');
  const counts = Object.entries(byBoard).map(([k, v]) => `${k}:${v}`).join();
  useAutoFit(ref, `${topics.map((x) => `${x.id}:${x.status}:${x.spaceId}:${x.slotId}`).join()}/${spaces.length}/${slots.length}/${counts}`, 14, 40);
  return (
    <section class="bs-agenda" aria-labelledby="bs-agenda-heading">
      <h2 id="bs-agenda-heading">{t('screen.agenda')}</h2>
      <div class="bs-agenda-fit" ref={ref}>
        {topics.length === 0 && <p class="bs-empty">{t('screen.agenda.empty')}</p>}
        {spaces.length > 0 && slots.length > 0 && (
          <table class="bs-agenda-table">
            <thead>
              <tr>
                <th scope="col">{t('screen.agenda.slot')}</th>
                {spaces.map((s) => <th key={s.id} scope="col">{s.label}</th>)}
              </tr>
            </thead>
            <tbody>
              {slots.map((slot) => (
                <tr key={slot.id}>
                  <th scope="row">{slot.label}</th>
                  {spaces.map((space) => {
                    const topic = placed(space.id, slot.id);
                    return <td key={space.id}>{topic ? <TopicCell topic={topic} byBoard={byBoard} /> : <span class="bs-free">{t('screen.agenda.free')}</span>}</td>;
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <TopicList heading={t('screen.agenda.unplaced')} topics={unplaced} byBoard={byBoard} />
        <TopicList heading={t('screen.agenda.proposed')} topics={proposed} byBoard={byBoard} />
      </div>
    </section>
  );
}

function TopicCell({ topic, byBoard }: { topic: TopicFields; byBoard: Record<string, number> }) {
  const people = topic.boardId ? (byBoard[topic.boardId] ?? 0) : null;
  return (
    <>
      <span class="bs-topic-title">{topic.title}</span>
      {people !== null && (
        <span class="bs-headcount">
          <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <circle cx="8" cy="5" r="3" />
            <path d="M2 15c0-3.5 2.7-6 6-6s6 2.5 6 6z" />
          </svg>
          {t('screen.agenda.people', { count: new Intl.NumberFormat(locale.value).format(people) })}
        </span>
      )}
    </>
  );
}

function TopicList({ heading, topics, byBoard }: { heading: string; topics: TopicFields[]; byBoard: Record<string, number> }) {
  if (topics.length === 0) return null;
  return (
    <section class="bs-topics">
      <h3>{heading}</h3>
      <ul>
        {topics.map((x) => (
          <li key={x.id}>
            <TopicCell topic={x} byBoard={byBoard} />
          </li>
        ))}
      </ul>
    </section>
  );
}
