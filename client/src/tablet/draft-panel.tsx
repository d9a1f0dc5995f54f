/** The act step: the action items, their wording co-drafted live by everyone in the room. */
import { useEffect, useRef } from 'preact/hooks';
import { effectiveRole } from '../../../shared/permissions.ts';
import { MaxDraftTextLength, allowedLeaf } from '../../../shared/write-paths.ts';
import { locale, t } from '../i18n.ts';
import type { ActionView } from '../model/board-model.ts';
import { DraftBinding } from '../model/draft-binding.ts';
import type { TabletModel } from './tablet-model.ts';

export function DraftPanel({ tablet }: { tablet: TabletModel }) {
  const board = tablet.board;
  const actions = board.actions.value;
  const phase = board.phase.value;
  if (phase !== 'act' && phase !== 'done') return null;
  const themes = board.clusters.value;
  const advice = board.advice.value;
  return (
    <section class="tdraft" aria-labelledby="tdraft-heading">
      <h2 id="tdraft-heading">{t('tablet.draft.heading')}</h2>
      {phase === 'act' && <p class="hint">{t('tablet.draft.help')}</p>}
      {actions.length === 0 ? (
        <p class="empty">{t('tablet.draft.none')}</p>
      ) : (
        <ol class="tdraft__list">
          {actions.map((a, i) => (
            <li key={a.id} class={`tdraft__item${board.spotlight.value === a.id ? ' is-spot' : ''}`}>
              <DraftField tablet={tablet} action={a} n={i + 1} theme={themes.find((c) => c.id === a.clusterId)?.title ?? null} />
              {(a.owner || a.due) && (
                <p class="tdraft__meta">
                  {a.owner && <span>{t('tablet.draft.owner', { owner: a.owner })}</span>}
                  {a.owner && a.due && t('common.sep')}
                  {a.due && <span>{t('tablet.draft.due', { due: formatDate(a.due) })}</span>}
                </p>
              )}
              {advice.filter((x) => x.targetId === a.id || (a.clusterId && x.targetId === a.clusterId)).map((x) => (
                <p key={x.id} class="tadvice">
                  <strong>{t('tablet.advice', { name: x.authorName ?? t('role.expert') })}</strong> {x.text}
                </p>
              ))}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function formatDate(iso: string): string {
  const d = new Date(`${iso}T12:00:00`);
  return Number.isNaN(d.getTime()) ? iso : new Intl.DateTimeFormat(locale.value, { dateStyle: 'medium' }).format(d);
}

/** Whether this person may write an action's wording now (the server's rule: Act, unlocked, for residents). */
export function mayDraft(tablet: TabletModel, actionId: string): boolean {
  const state = tablet.board.state();
  const role = effectiveRole(tablet.actor, state);
  return allowedLeaf(role, { kind: 'text', root: 'actions', entryId: actionId, field: 'title' }, { phase: state.phase, locked: state.locked });
}

/** One action's wording, bound to its shared text while this person may write it. */
function DraftField({ tablet, action, n, theme }: { tablet: TabletModel; action: ActionView; n: number; theme: string | null }) {
  const field = useRef<HTMLTextAreaElement>(null);
  const mayWrite = (): boolean => mayDraft(tablet, action.id);
  const writable = mayWrite();
  const text = action.titleText;
  useEffect(() => {
    if (!text || !field.current) return;
    const conn = tablet.conn;
    // Typing the step no longer allows is kept on the device and offered back (kept-drafts.tsx).
    const onRefused = (typed: string): void => conn.drafts.keep(conn.draftsBoardId, action.id, typed);
    const binding = new DraftBinding(text, field.current, { mayWrite, maxLength: MaxDraftTextLength, onRefused });
    return () => binding.destroy();
  }, [text]);
  const id = `tdraft-${action.id}`;
  return (
    <>
      <label for={id} class="tdraft__label">
        {t('tablet.draft.label', { n })}
        {theme && <span class="tdraft__theme"> · {theme}</span>}
      </label>
      {text ? (
        <textarea id={id} ref={field} class="tdraft__text" rows={3} maxLength={MaxDraftTextLength} readOnly={!writable} aria-describedby={writable ? undefined : `${id}-ro`} />
      ) : (
        <textarea id={id} class="tdraft__text" rows={3} readOnly value={action.title} aria-describedby={`${id}-ro`} />
      )}
      {(!writable || !text) && (
        <p id={`${id}-ro`} class="hint">
          {t('tablet.draft.readOnly')}
        </p>
      )}
    </>
  );
}
