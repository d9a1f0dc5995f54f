/** The back-channel tab: private messages between facilitators and experts (never on a screen or tablet). */
import { useEffect } from 'preact/hooks';
import { locale, t } from '../i18n.ts';
import type { ConsoleModel } from './console-model.ts';
import type { BackchannelModel } from './backchannel-model.ts';

export function BackchannelPanel({ console: c, back }: { console: ConsoleModel; back: BackchannelModel }) {
  const messages = back.messages.value;
  useEffect(() => back.markRead(), [back, messages.length]);
  const time = new Intl.DateTimeFormat(locale.value, { timeStyle: 'short' });
  return (
    <section aria-labelledby="back-heading">
      <h3 id="back-heading">{t('console.back.heading')}</h3>
      <p class="hint">{t('console.back.hint')}</p>
      <ol class="messages" aria-live="polite">
        {messages.length === 0 && <li class="empty small">{t('console.back.none')}</li>}
        {messages.map((m) => (
          <li key={m.id} class={m.from === c.actor.participantId ? 'is-mine' : ''}>
            <span class="messages__who">{m.name ?? t(`role.${m.role}`)} · {time.format(m.at)}</span>
            <span class="messages__text">{m.text}</span>
          </li>
        ))}
      </ol>
      <form class="stack-form" onSubmit={(e) => { e.preventDefault(); void back.send(); }}>
        <label for="back-text">{t('console.back.label')}</label>
        <textarea id="back-text" rows={2} maxLength={1000} value={back.draft.value} onInput={(e) => (back.draft.value = e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              void back.send();
            }
          }}
        />
        <button type="submit" class="small primary">{t('console.back.send')}</button>
      </form>
    </section>
  );
}
