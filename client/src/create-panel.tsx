/** "Start a consultation": a topic, then the join code in big type for the room to copy. */
import { useEffect, useRef } from 'preact/hooks';
import type { CreateSessionResponse, SessionTemplate } from '../../shared/http-api.ts';
import { formatJoinCode, normalizeJoinCode } from '../../shared/join-code.ts';
import { describeError, t } from './i18n.ts';
import type { CreateSessionForm } from './landing-forms.ts';

// Types only from http-api.ts: its values bring zod (which evaluates code) into the main bundle.
// A Record, so a template added to the server fails to type-check here until it is offered.
const templateKinds = { standard: true, courtyard: true } satisfies Record<SessionTemplate, true>;
const templates = Object.keys(templateKinds) as SessionTemplate[];

/** `onJoinInstead` is the "Did you mean to join?" answer "yes", given the topic that looked like a code. */
export function CreatePanel({ model, onJoinInstead }: { model: CreateSessionForm; onJoinInstead: (topic: string) => void }) {
  const created = model.created.value;
  if (created) return <Created created={created} onOpen={() => model.openBoard()} />;
  const busy = model.busy.value;
  const error = model.error.value;
  return (
    <section class="panel" aria-labelledby="create-heading">
      <h2 id="create-heading">{t('create.heading')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void model.submit();
        }}
      >
        <div class="field">
          <label for="create-title">{t('create.title')}</label>
          <input
            id="create-title"
            value={model.title.value}
            onInput={(e) => (model.title.value = e.currentTarget.value)}
            required
            maxLength={200}
            enterKeyHint="done"
          />
        </div>
        <fieldset class="field create-kind">
          <legend>{t('create.kind')}</legend>
          {templates.map((kind) => (
            <div key={kind} class="create-kind__option">
              <label class="choice">
                <input
                  type="radio"
                  name="create-template"
                  value={kind}
                  checked={model.template.value === kind}
                  onChange={() => (model.template.value = kind)}
                  aria-describedby={`create-template-${kind}-hint`}
                />
                <strong>{t(`create.template.${kind}`)}</strong>
              </label>
              <p id={`create-template-${kind}-hint`} class="hint">{t(`create.template.${kind}Hint`)}</p>
            </div>
          ))}
        </fieldset>
        {model.needsKey.value && (
          <div class="field">
            <label for="create-key">{t('create.key')}</label>
            <input
              id="create-key"
              type="password"
              value={model.adminToken.value}
              onInput={(e) => (model.adminToken.value = e.currentTarget.value)}
              autocomplete="off"
            />
          </div>
        )}
        {model.askJoin.value && (
          <div class="ask-join" role="alert">
            <p>{t('create.askJoin', { code: formatJoinCode(normalizeJoinCode(model.title.value.trim())) })}</p>
            <div class="actions">
              <button type="button" class="primary" onClick={() => onJoinInstead(model.title.value)}>
                {t('create.askJoinYes')}
              </button>
              <button type="button" onClick={() => void model.submit(true)}>
                {t('create.askJoinNo')}
              </button>
            </div>
          </div>
        )}
        {error && (
          <p class="error" role="alert">
            {error === 'UNAUTHORIZED' ? t('create.keyNeeded') : describeError(error)}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t('common.busy') : t('create.submit')}
        </button>
      </form>
    </section>
  );
}

function absolute(url: string): string {
  try {
    return new URL(url, location.origin).href;
  } catch {
    return url;
  }
}

function Created({ created, onOpen }: { created: CreateSessionResponse; onOpen: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  // Focus follows the form that just disappeared, so a screen reader announces the result.
  useEffect(() => heading.current?.focus(), []);
  const joinUrl = absolute(created.joinUrl);
  return (
    <section class="panel created" aria-labelledby="created-heading">
      <h2 id="created-heading" tabIndex={-1} ref={heading}>
        {t('created.heading')}
      </h2>
      <p class="label">{t('created.code')}</p>
      <p class="join-code">{formatJoinCode(created.joinCode)}</p>
      <p class="label">{t('created.url')}</p>
      <p class="join-url">
        <a href={joinUrl}>{joinUrl}</a>
      </p>
      <p class="hint">{t('created.note')}</p>
      <button type="button" class="primary" onClick={onOpen}>
        {t('created.open')}
      </button>
    </section>
  );
}
