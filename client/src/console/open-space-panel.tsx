/** The open-space tab: marketplace, head-counts per board, agenda wall, convergence. */
import type { TopicFields } from '../../../shared/open-space.ts';
import { locale, t } from '../i18n.ts';
import { boardPath, navigate } from '../route.ts';
import type { ConsoleModel } from './console-model.ts';
import type { OpenSpaceModel } from './open-space-model.ts';
import { AgendaWall } from './agenda-wall.tsx';
import { clip } from './board-labels.ts';

export function OpenSpacePanel({ console: c, os }: { console: ConsoleModel; os: OpenSpaceModel }) {
  const nf = new Intl.NumberFormat(locale.value);
  const plenary = c.isPlenary.value;
  return (
    <>
      <section aria-labelledby="boards-heading">
        <h3 id="boards-heading">{t('console.os.boards')}</h3>
        <ul class="headcounts">
          {os.headcounts.value.map((b) => (
            <li key={b.id}>
              {b.id === c.boardId ? <strong>{b.title}</strong> : <a
                  href={boardPath(c.stored.sessionId, b.id)}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate(boardPath(c.stored.sessionId, b.id));
                  }}
                >
                  {b.title}
                </a>}
              <span class="tag">{t(b.kind === 'plenary' ? 'console.os.plenary' : 'console.os.breakout')}</span>
              <span class="headcount">{t('console.os.people', { n: nf.format(b.people) })}</span>
            </li>
          ))}
        </ul>
        {c.actor.role === 'facilitator' && (
          <button type="button" class="small" onClick={() => void os.converge()}>{t('console.os.converge')}</button>
        )}
      </section>
      {!plenary ? <p class="hint">{t('console.os.onPlenary')}</p> : (
        <>
          <Marketplace console={c} os={os} />
          <AgendaWall console={c} os={os} />
        </>
      )}
    </>
  );
}

function Marketplace({ console: c, os }: { console: ConsoleModel; os: OpenSpaceModel }) {
  const proposed = os.proposed.value;
  const targets = [...os.proposed.value, ...os.accepted.value];
  const settings = c.board.settings.value;
  return (
    <section aria-labelledby="market-heading">
      <h3 id="market-heading">{t('console.os.market', { n: proposed.length })}</h3>
      {!settings.marketplace && <p class="hint">{t('console.os.marketOff')}</p>}
      {proposed.length === 0 ? <p class="empty small">{t('console.os.noTopics')}</p> : (
        <ul class="topics">
          {proposed.map((tp) => <TopicItem key={tp.id} os={os} topic={tp} targets={targets.filter((x) => x.id !== tp.id)} />)}
        </ul>
      )}
      {os.accepted.value.length > 0 && (
        <p>{t('console.os.acceptedList', { list: os.accepted.value.map((tp) => tp.title).join(t('console.listSep')) })}</p>
      )}
    </section>
  );
}

function TopicItem({ os, topic, targets }: { os: OpenSpaceModel; topic: TopicFields; targets: TopicFields[] }) {
  const name = clip(topic.title, 30);
  return (
    <li class="topic">
      <p class="topic__title">{topic.title}</p>
      {topic.description && <p class="hint">{topic.description}</p>}
      <div class="button-row">
        <button type="button" class="small primary" aria-label={t('console.os.acceptLabel', { title: name })} onClick={() => void os.accept(topic)}>{t('console.os.accept')}</button>
        <button type="button" class="small" aria-label={t('console.os.declineLabel', { title: name })} onClick={() => void os.decline(topic)}>{t('console.os.decline')}</button>
        {targets.length > 0 && (
          <select aria-label={t('console.os.mergeLabel', { title: name })} value="" onChange={(e) => void os.merge(topic, e.currentTarget.value)}>
            <option value="">{t('console.os.mergeInto')}</option>
            {targets.map((x) => <option key={x.id} value={x.id}>{clip(x.title, 40)}</option>)}
          </select>
        )}
      </div>
    </li>
  );
}
