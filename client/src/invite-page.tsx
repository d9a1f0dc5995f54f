/** `/i/<code>`: accepting an expert or co-facilitator invite with a name, then straight to the plenary board. */
import { describeError, t } from './i18n.ts';
import { InviteForm } from './invite-form.ts';
import { useModel } from './use-model.ts';
import './landing.css';

export function InvitePage({ code }: { code: string }) {
  const model = useModel(() => new InviteForm(code), [code]);
  const error = model.error.value;
  const busy = model.busy.value;
  return (
    <section class="panel invite" aria-labelledby="invite-heading">
      <h1 id="invite-heading">{t('invite.heading')}</h1>
      <p class="hint">{t('invite.intro')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void model.submit();
        }}
      >
        <div class="field">
          <label for="invite-name">{t('invite.name')}</label>
          <input
            id="invite-name"
            value={model.name.value}
            onInput={(e) => (model.name.value = e.currentTarget.value)}
            maxLength={60}
            autocomplete="name"
            enterKeyHint="go"
          />
        </div>
        {error && (
          <p class="error" role="alert">
            {error === 'NOT_FOUND' ? t('invite.notFound') : describeError(error)}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t('common.busy') : t('invite.submit')}
        </button>
      </form>
    </section>
  );
}
