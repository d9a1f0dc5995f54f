/**
 * The "join by code" form. From a `/j/<code>` link joining comes first: the code is filled in,
 * the session's title shown, and one big Join button is all a resident has to press (name
 * optional; group, age band and the big-screen option folded away below).
 */
import { describeError, t } from './i18n.ts';
import { JoinProfileFields } from './join-profile.tsx';
import type { JoinForm } from './landing-forms.ts';

/** `lead`: the panel is the page (a join link), so its heading is the page's h1. */
export function JoinPanel({ model, lead = false }: { model: JoinForm; lead?: boolean }) {
  const busy = model.busy.value;
  const error = model.error.value;
  const known = model.known.value;
  const preview = model.preview.value;
  const closed = preview?.joinOpen === false;
  const Heading = lead ? 'h1' : 'h2';
  return (
    <section class="panel join-panel" aria-labelledby="join-heading">
      <Heading id="join-heading">{preview ? t('join.headingTitle', { title: preview.title }) : t('join.heading')}</Heading>
      {known && (
        <div class="notice">
          <p>{t('join.known')}</p>
          <button type="button" class="primary" onClick={() => model.continueKnown()}>
            {t('join.continue')}
          </button>
        </div>
      )}
      {closed && <p class="notice">{t('join.closed')}</p>}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void model.submit();
        }}
      >
        <div class="field">
          <label for="join-code">{t('join.code')}</label>
          <input
            id="join-code"
            class="code-input"
            value={model.code.value}
            onInput={(e) => (model.code.value = e.currentTarget.value)}
            required
            minLength={4}
            maxLength={40}
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            enterKeyHint="go"
            aria-describedby="join-code-hint"
          />
          <p id="join-code-hint" class="hint">{t('join.codeHint')}</p>
        </div>
        {model.asksName.value ? (
          <div class="field">
            <label for="join-name">{t('join.name')}</label>
            <input
              id="join-name"
              value={model.name.value}
              onInput={(e) => (model.name.value = e.currentTarget.value)}
              maxLength={60}
              autocomplete="nickname"
              enterKeyHint="go"
            />
          </div>
        ) : (
          <p class="hint">{t('join.anonymous')}</p>
        )}
        {error && (
          <p class="error" role="alert">
            {error === 'CONSENT' ? t('join.consentNeeded') : describeError(error)}
          </p>
        )}
        <button type="submit" class={known ? 'join-submit' : 'primary join-submit'} disabled={busy || closed}>
          {busy ? t('common.busy') : known ? t('join.new') : t('join.submit')}
        </button>
        <JoinProfileFields model={model} />
      </form>
    </section>
  );
}
