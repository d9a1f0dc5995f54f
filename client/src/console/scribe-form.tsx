/** Writing a concern for someone without a device. */
import { t } from '../i18n.ts';
import type { ScribeModel } from './scribe-model.ts';

export function ScribeForm({ scribe }: { scribe: ScribeModel }) {
  const people = scribe.people.value;
  return (
    <form class="stack-form" aria-labelledby="scribe-heading" onSubmit={(e) => { e.preventDefault(); void scribe.submit(); }}>
      <h3 id="scribe-heading">{t('console.scribe.heading')}</h3>
      <p class="hint">{t('console.scribe.hint')}</p>
      <label for="scribe-person">{t('console.scribe.person')}</label>
      <select id="scribe-person" value={scribe.person.value} onChange={(e) => (scribe.person.value = e.currentTarget.value)}>
        <option value="">{t('console.scribe.newPerson')}</option>
        {people.map((p) => <option key={p.participantId} value={p.participantId}>{p.name}</option>)}
      </select>
      {scribe.person.value === '' && (
        <>
          <label for="scribe-name">{t('console.scribe.name')}</label>
          <input id="scribe-name" maxLength={60} value={scribe.newName.value} onInput={(e) => (scribe.newName.value = e.currentTarget.value)} />
        </>
      )}
      <label for="scribe-text">{t('console.scribe.text')}</label>
      <textarea id="scribe-text" rows={3} maxLength={2000} value={scribe.text.value} onInput={(e) => (scribe.text.value = e.currentTarget.value)} />
      <button type="submit" class="small primary">{t('console.scribe.submit')}</button>
    </form>
  );
}
