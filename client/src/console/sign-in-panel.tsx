/** Facilitators: send a facilitator's or expert's sign-in to a new device. */
import { t } from '../i18n.ts';
import type { ConsoleModel } from './console-model.ts';
import type { SignInModel } from './sign-in-model.ts';
import { PersonTags } from './person-tags.tsx';

export function SignInPanel({ console: c, model, copy }: { console: ConsoleModel; model: SignInModel; copy: (text: string) => void }) {
  if (c.actor.role !== 'facilitator') return null;
  const list = model.moderators.value;
  const link = model.link.value;
  return (
    <section aria-labelledby="sign-in-heading">
      <h3 id="sign-in-heading">{t('console.signIn.heading')}</h3>
      <p class="small">{t('console.signIn.hint')}</p>
      {list === null ? (
        <button type="button" class="small" onClick={() => void model.load()}>{t('console.signIn.show')}</button>
      ) : (
        <>
          <label class="check">
            <input type="checkbox" checked={model.signOutOld.value} onChange={(e) => (model.signOutOld.value = e.currentTarget.checked)} />
            {t('console.signIn.signOutOld')}
          </label>
          <ul class="roster">
            {list.map((m) => {
              const who = m.name ?? t('console.people.unnamed');
              return (
                <li key={m.participantId}>
                  <PersonTags who={who} role={m.role} isMe={m.participantId === c.actor.participantId} />
                  <button type="button" class="small" aria-label={t('console.signIn.forLabel', { who })} onClick={() => void model.reissue(m)}>
                    {t('console.signIn.make')}
                  </button>
                </li>
              );
            })}
          </ul>
        </>
      )}
      {link && (
        <div class="invite">
          <label for="sign-in-link">{t('console.signIn.linkFor', { who: link.name })}</label>
          <div class="copy-row">
            <input id="sign-in-link" readOnly value={link.url} onFocus={(e) => e.currentTarget.select()} />
            <button type="button" class="small" onClick={() => copy(link.url)}>{t('console.copy')}</button>
          </div>
        </div>
      )}
    </section>
  );
}
