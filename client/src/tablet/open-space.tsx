/**
 * Open space on the tablet: on the plenary, the marketplace of topics (propose one), the agenda
 * wall and the groups (breakouts) with how many people are in each; on a breakout, the way back.
 */
import { useState } from 'preact/hooks';
import type { BoardSummary } from '../../../shared/http-api.ts';
import type { TopicFields } from '../../../shared/open-space.ts';
import { t } from '../i18n.ts';
import { refusalKey } from './tablet-model.ts';
import type { TabletModel } from './tablet-model.ts';

interface OpenSpaceProps {
  tablet: TabletModel;
  boards: readonly BoardSummary[];
  onGo: (boardId: string) => void;
}

const headCount = (tablet: TabletModel, boardId: string): number => tablet.conn.pushes.roster.value?.byBoard[boardId] ?? 0;

/** On a breakout: which group this is, the way back to everyone, and the other groups, one tap away. */
export function BreakoutBar({ tablet, boards, onGo }: OpenSpaceProps) {
  const plenary = boards.find((b) => b.kind === 'plenary');
  const breakout = tablet.board.breakout.value;
  if (!breakout || !plenary) return null;
  // The law of two feet: moving on to another group is one step, not back to the plenary and on.
  const others = boards.filter((b) => b.kind === 'breakout' && b.id !== tablet.boardId);
  return (
    <nav class="tbreakout" aria-label={t('tablet.groups.nav')}>
      <p>{t('tablet.groups.here', { title: breakout.title })}</p>
      <a
        class="button"
        href={`#${plenary.id}`}
        onClick={(e) => {
          e.preventDefault();
          onGo(plenary.id);
        }}
      >
        <span aria-hidden="true">← </span>
        {t('tablet.groups.back')}
      </a>
      {others.length > 0 && (
        <div class="tbreakout__others">
          <p id="tbreakout-others">{t('tablet.groups.others')}</p>
          <GroupButtons tablet={tablet} boards={others} onGo={onGo} labelledBy="tbreakout-others" />
        </div>
      )}
    </nav>
  );
}

/** One button per breakout group, with how many people are in it: a tap goes there. */
function GroupButtons({ tablet, boards, onGo, labelledBy }: { tablet: OpenSpaceProps['tablet']; boards: OpenSpaceProps['boards']; onGo: (boardId: string) => void; labelledBy?: string }) {
  return (
    <ul class="topen__boards" aria-labelledby={labelledBy}>
      {boards.map((b) => (
        <li key={b.id}>
          <button type="button" onClick={() => onGo(b.id)}>
            <span>{b.title}</span>
            <span class="tcount">{t('tablet.groups.count', { n: headCount(tablet, b.id) })}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

export function OpenSpace({ tablet, boards, onGo }: OpenSpaceProps) {
  const board = tablet.board;
  if (board.breakout.value) return null;
  const topics = board.topics.value.filter((x) => x.status !== 'merged');
  const breakouts = boards.filter((b) => b.kind === 'breakout');
  const mayPropose = board.settings.value.marketplace && tablet.may('topic:propose');
  const showMarket = mayPropose || topics.length > 0;
  const wall = board.spaces.value.length > 0 && board.slots.value.length > 0;
  if (!showMarket && breakouts.length === 0 && !wall) return null;
  return (
    <section class="topen" aria-labelledby="topen-heading">
      <h2 id="topen-heading">{t('tablet.open.heading')}</h2>
      {breakouts.length > 0 && (
        <div class="topen__groups">
          <h3>{t('tablet.groups.heading')}</h3>
          <GroupButtons tablet={tablet} boards={breakouts} onGo={onGo} />
        </div>
      )}
      <AgendaWall tablet={tablet} onGo={onGo} />
      {showMarket && <Marketplace tablet={tablet} topics={topics} mayPropose={mayPropose} />}
    </section>
  );
}

function Marketplace({ tablet, topics, mayPropose }: { tablet: TabletModel; topics: TopicFields[]; mayPropose: boolean }) {
  const [title, setTitle] = useState('');
  const [more, setMore] = useState('');
  const [busy, setBusy] = useState(false);
  const propose = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (!title.trim()) return;
    setBusy(true);
    const ack = await tablet.conn.send('topic:propose', { title: title.trim(), ...(more.trim() ? { description: more.trim() } : {}) });
    setBusy(false);
    if (ack.ok) {
      setTitle('');
      setMore('');
      tablet.say('ok', 'tablet.topics.sent');
    } else tablet.say('error', refusalKey(ack.error.code));
  };
  return (
    <div class="topen__market">
      <h3>{t('tablet.topics.heading')}</h3>
      {mayPropose && (
        <form class="panel topen__form" onSubmit={propose}>
          <p class="hint">{t('tablet.topics.help')}</p>
          <label for="ttopic-title">{t('tablet.topics.title')}</label>
          <input id="ttopic-title" value={title} maxLength={200} onInput={(e) => setTitle(e.currentTarget.value)} />
          <label for="ttopic-more">{t('tablet.topics.more')}</label>
          <textarea id="ttopic-more" rows={2} value={more} maxLength={1000} onInput={(e) => setMore(e.currentTarget.value)} />
          <button type="submit" class="primary" disabled={busy || !title.trim()}>
            {t('tablet.topics.propose')}
          </button>
        </form>
      )}
      {topics.length === 0 ? (
        <p class="empty">{t('tablet.topics.none')}</p>
      ) : (
        <ul class="topen__topics">
          {topics.map((x) => (
            <li key={x.id} class={`ttopic ttopic--${x.status}`}>
              <p class="ttopic__title">{x.title}</p>
              {x.description && <p class="ttopic__more">{x.description}</p>}
              <p>
                <span class={`ttag ttag--${x.status}`}>{t(`tablet.topics.status.${x.status as 'proposed' | 'accepted' | 'declined'}`)}</span>
                {x.convenerId === tablet.actor.participantId && <span class="ttopic__mine"> {t('tablet.topics.mine')}</span>}
                {x.status === 'declined' && x.declineReason && <span> {t('tablet.mine.reason', { reason: x.declineReason })}</span>}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Spaces × time slots with the topic placed in each, and how many people are in each group now. */
function AgendaWall({ tablet, onGo }: { tablet: TabletModel; onGo: (boardId: string) => void }) {
  const board = tablet.board;
  const spaces = board.spaces.value;
  const slots = board.slots.value;
  if (spaces.length === 0 || slots.length === 0) return null;
  const topics = board.topics.value;
  return (
    <div class="topen__wall">
      <h3 id="twall-heading">{t('tablet.wall.heading')}</h3>
      <div class="twall__scroll" role="region" aria-labelledby="twall-heading" tabIndex={0}>
        <table class="twall">
          <thead>
            <tr>
              <td />
              {slots.map((s) => (
                <th key={s.id} scope="col">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {spaces.map((space) => (
              <tr key={space.id}>
                <th scope="row">{space.label}</th>
                {slots.map((slot) => {
                  const topic = topics.find((x) => x.spaceId === space.id && x.slotId === slot.id && x.status === 'accepted');
                  return (
                    <td key={slot.id}>
                      {topic?.boardId ? (
                        <button type="button" class="twall__topic" onClick={() => onGo(topic.boardId!)}>
                          <span>{topic.title}</span>
                          <span class="tcount">{t('tablet.groups.count', { n: headCount(tablet, topic.boardId) })}</span>
                        </button>
                      ) : (
                        <span class="twall__free">{t('tablet.wall.free')}</span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
