/**
 * An action owner's follow-up page `/o/<code>`: the action items the link covers, each with its
 * timeline and a form to add a dated update (and a new status). The code is the only key; the
 * page can do nothing else.
 */
import { useState } from 'preact/hooks';
import { ActionStatuses } from '../../../shared/board-schema.ts';
import type { ActionStatus } from '../../../shared/board-schema.ts';
import type { PublicAction } from '../../../shared/results.ts';
import { describeError, t } from '../i18n.ts';
import type { MessageKey } from '../i18n.ts';
import type { ApiErrorCode } from '../api.ts';
import { useModel } from '../use-model.ts';
import { ActionItem } from './action-item.tsx';
import { FollowUpModel } from './follow-up-model.ts';
import './results.css';

const errorText: Partial<Record<ApiErrorCode, MessageKey>> = {
  FORBIDDEN: 'followup.error.FORBIDDEN',
  NOT_FOUND: 'followup.error.NOT_FOUND',
  NOT_PUBLISHED: 'followup.error.NOT_PUBLISHED',
  VALIDATION: 'followup.error.VALIDATION',
};

export function FollowUpPage({ code }: { code: string }) {
  const model = useModel(() => new FollowUpModel(code), [code]);
  const state = model.state.value;
  if (state.kind === 'loading') return <p class="loading" role="status">{t('common.loading')}</p>;
  if (state.kind === 'not-found') {
    return (
      <section class="panel" aria-labelledby="fu-missing">
        <h1 id="fu-missing">{t('followup.notFound')}</h1>
        <a class="button primary" href="/">{t('common.home')}</a>
      </section>
    );
  }
  if (state.kind === 'failed') {
    return (
      <div class="notice notice--problem" role="alert">
        <h1 class="notice__text">{describeError(state.code)}</h1>
      </div>
    );
  }
  const { view } = state;
  return (
    <section class="rp" aria-labelledby="fu-title">
      <header class="rp-head">
        <h1 id="fu-title">{t('followup.heading', { label: view.label })}</h1>
        <p class="rp-meta">{t('followup.session', { title: view.sessionTitle })}</p>
        <p>{t('followup.intro')}</p>
        {!view.published && <p class="notice">{t('followup.notPublished')}</p>}
        {view.publicUrl && <a href={view.publicUrl}>{t('followup.publicLink')}</a>}
      </header>
      {view.actions.length === 0 && <p class="rp-empty">{t('followup.noActions')}</p>}
      {view.actions.map((a) => (
        <ActionItem key={`${a.boardId}/${a.id}`} action={a} level={2}>
          <UpdateForm action={a} model={model} />
        </ActionItem>
      ))}
    </section>
  );
}

function UpdateForm({ action, model }: { action: PublicAction; model: FollowUpModel }) {
  const [note, setNote] = useState('');
  const [status, setStatus] = useState<ActionStatus | ''>('');
  const id = `fu-${action.boardId}-${action.id}`;
  const result = model.resultFor(action);
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (await model.update(action, note.trim(), status || null)) {
      setNote('');
      setStatus('');
    }
  };
  return (
    <form class="fu-form" aria-labelledby={`${id}-head`} onSubmit={submit}>
      <h3 id={`${id}-head`} class="rp-timeline-head">{t('followup.form', { title: action.title })}</h3>
      <label for={`${id}-status`}>{t('followup.form.status')}</label>
      <select id={`${id}-status`} value={status} onChange={(e) => setStatus((e.currentTarget as HTMLSelectElement).value as ActionStatus | '')}>
        <option value="">{t('followup.form.keep', { status: t(`results.status.${action.status}`) })}</option>
        {ActionStatuses.map((s) => <option key={s} value={s}>{t(`results.status.${s}`)}</option>)}
      </select>
      <label for={`${id}-note`}>{t('followup.form.note')}</label>
      <textarea id={`${id}-note`} required maxLength={1000} value={note} onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)} />
      <button type="submit" class="primary" disabled={model.isSending(action)}>{t('followup.form.submit')}</button>
      {result?.ok && <p class="fu-ok" role="status">{t('followup.saved')}</p>}
      {result && !result.ok && (
        <p class="error" role="alert">{errorText[result.code] ? t(errorText[result.code]!) : describeError(result.code)}</p>
      )}
    </form>
  );
}
