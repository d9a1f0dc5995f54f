/** The "join by code" form: code, optional name, and whether this device is a person or the big screen. */
import { describeError, t } from './i18n.ts';
import type { JoinForm } from './landing-forms.ts';

const roles = ['resident', 'screen'] as const;

export function JoinPanel({ model }: { model: JoinForm }) {
  const busy = model.busy.value;
  const error = model.error.value;
  const known = model.known.value;
  return (
    <section class="panel" aria-labelledby="join-heading">
      <h2 id="join-heading">{t('join.heading')}</h2>
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
        {known && (
          <div class="notice">
            <p>{t('join.known')}</p>
            <button type="button" onClick={() => model.continueKnown()}>
              {t('join.continue')}
            </button>
          </div>
        )}
        <div class="field">
          <label for="join-name">{t('join.name')}</label>
          <input
            id="join-name"
            value={model.name.value}
            onInput={(e) => (model.name.value = e.currentTarget.value)}
            maxLength={60}
            autocomplete="nickname"
          />
        </div>
        <fieldset class="field">
          <legend>{t('join.role')}</legend>
          {roles.map((role) => (
            <label key={role} class="choice">
              <input
                type="radio"
                name="join-role"
                value={role}
                checked={model.role.value === role}
                onChange={() => (model.role.value = role)}
              />
              <span>{t(`role.${role}`)}</span>
            </label>
          ))}
        </fieldset>
        {error && (
          <p class="error" role="alert">
            {describeError(error)}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t('common.busy') : t('join.submit')}
        </button>
      </form>
    </section>
  );
}
