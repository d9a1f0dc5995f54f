/**
 * Dot-voting: the dots I have left, always in sight; a + and − per item; the results only once
 * the facilitator revealed them (the board document has no counts before that).
 */
import { useEffect } from 'preact/hooks';
import { NoteColors } from '../../../shared/board-schema.ts';
import { t, tn } from '../i18n.ts';
import { rankedRows } from '../model/tallies.ts';
import { useModel } from '../use-model.ts';
import { refusalKey } from './tablet-model.ts';
import type { TabletModel } from './tablet-model.ts';
import { VoteModel } from './vote-model.ts';

interface Target {
  id: string;
  label: string;
  color?: string;
}

export function VotePanel({ tablet }: { tablet: TabletModel }) {
  const votes = useModel(() => new VoteModel((name, payload) => tablet.conn.send(name, payload), tablet.boardId));
  const board = tablet.board;
  const settings = board.settings.value;
  const phase = board.phase.value;
  const online = tablet.conn.status.value === 'online';
  const closed = board.votingClosed.value;
  // A dot the outbox sent after the close was refused: reload, so the dot shown optimistically goes.
  const refusedOffline = tablet.conn.outbox.failed.value.length;
  useEffect(() => {
    if (online) void votes.load();
  }, [online, phase, settings.dotsPerParticipant, board, closed, refusedOffline]);

  const tallies = board.tallies.value;
  const voting = phase === 'vote';
  if (!voting && !tallies) return null;
  const targets: Target[] = settings.voteOn === 'notes'
    ? board.notes.value.map((n) => ({ id: n.id, label: n.text, color: n.color }))
    : settings.voteOn === 'clusters'
      ? board.clusters.value.map((c) => ({ id: c.id, label: c.title }))
      : board.actions.value.map((a) => ({ id: a.id, label: a.title }));
  // Revealed: the same order as the big screen and the public page (ties by title), then what got no dots.
  const order = new Map(rankedRows(board).map((r, i) => [r.targetId, i]));
  const ranked = tallies ? [...targets].sort((a, b) => (order.get(a.id) ?? Infinity) - (order.get(b.id) ?? Infinity)) : targets;
  const mayVote = voting && tablet.may('vote:cast');
  const left = votes.remaining.value;
  const budget = votes.budget.value ?? settings.dotsPerParticipant;
  const cap = settings.capPerTarget;
  const refusal = votes.refusal.value;

  return (
    <section class="tvote" aria-labelledby="tvote-heading">
      <h2 id="tvote-heading">{tallies ? t('tablet.vote.results') : t(`tablet.vote.heading.${settings.voteOn}`)}</h2>
      {voting && (
        <div class="tvote__left" role="status">
          <span class="tdots" aria-hidden="true">
            {Array.from({ length: budget }, (_, i) => (
              <span key={i} class={`tdot${left !== null && i < left ? ' is-free' : ''}`} />
            ))}
          </span>
          <strong>{left === null ? t('common.loading') : tn('tablet.vote.left', left)}</strong>
        </div>
      )}
      {voting && !closed && <p class="hint">{t('tablet.vote.how', { cap })}</p>}
      {voting && closed && (
        <p class="tvote__closed" role="status">
          {t('tablet.vote.closed')}
        </p>
      )}
      {refusal && (
        <p class="error" role="alert">
          {t(refusalKey(refusal))}
        </p>
      )}
      {tallies && (
        <p class="tvote__revealed" role="status">
          {t('tablet.vote.revealed')}
        </p>
      )}
      {targets.length === 0 ? (
        <p class="empty">{t('tablet.vote.nothing')}</p>
      ) : (
        <ol class="tvote__list">
          {ranked.map((target) => {
            const mine = votes.dotsOn(target.id);
            const labelId = `tvote-${target.id}`;
            const color = target.color && (NoteColors as readonly string[]).includes(target.color) ? ` tnote--${target.color}` : '';
            return (
              <li key={target.id} class={`tvote__item${color}${board.spotlight.value === target.id ? ' is-spot' : ''}`}>
                <p id={labelId} class="tvote__label">
                  {target.label}
                </p>
                <p class="tvote__counts">
                  {mine > 0 && (
                    <span class="tvote__mine">
                      <span aria-hidden="true">{'●'.repeat(mine)} </span>
                      {tn('tablet.vote.mine', mine)}
                    </span>
                  )}
                  {tallies && <strong class="tvote__total">{tn('tablet.vote.total', tallies[target.id] ?? 0)}</strong>}
                </p>
                {mayVote && (
                  <div class="tactions">
                    <button type="button" class="primary" aria-describedby={labelId} disabled={!votes.canCast(target.id, cap)} onClick={() => void votes.cast(target.id)}>
                      {t('tablet.vote.add')}
                    </button>
                    <button type="button" aria-describedby={labelId} disabled={mine === 0} onClick={() => void votes.retract(target.id)}>
                      {t('tablet.vote.remove')}
                    </button>
                  </div>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
