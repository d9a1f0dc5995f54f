/** The results tab (issue 7): publish, exports, follow-up links for owners, and deleting the session. */
import { useEffect } from 'preact/hooks';
import { t } from '../i18n.ts';
import type { ConsoleModel } from './console-model.ts';
import { EscalationsPanel } from './escalations-panel.tsx';
import type { EscalationsModel } from './escalations-model.ts';
import type { PeopleModel } from './people-model.ts';
import type { ResultsModel } from './results-model.ts';
import { clip } from './board-labels.ts';

const formats = [
  { format: 'md', key: 'console.results.md' },
  { format: 'csv', key: 'console.results.csv' },
  { format: 'json', key: 'console.results.json' },
] as const;

export function ResultsPanel({ console: c, results, people, escalations }: { console: ConsoleModel; results: ResultsModel; people: PeopleModel; escalations: EscalationsModel }) {
  useEffect(() => void results.loadLinks(), [results]);
  const published = c.details.value.published;
  const facilitator = c.actor.role === 'facilitator';
  return (
    <>
      <section aria-labelledby="publish-heading">
        <h3 id="publish-heading">{t('console.results.heading')}</h3>
        <p role="status">{t(published ? 'console.results.isPublished' : 'console.results.notPublished')}</p>
        {published && (
          <div class="copy-row">
            <a href={results.publicUrl.value} target="_blank" rel="noopener">{results.publicUrl.value}</a>
            <button type="button" class="small" onClick={() => void people.copy(results.publicUrl.value)}>{t('console.copy')}</button>
          </div>
        )}
        {c.can('session:publish') && (
          <button type="button" class={published ? 'small' : 'small primary'} onClick={() => void results.setPublished(!published)}>
            {t(published ? 'console.results.unpublish' : 'console.results.publish')}
          </button>
        )}
      </section>
      <section aria-labelledby="export-heading">
        <h3 id="export-heading">{t('console.results.export')}</h3>
        <div class="button-row">
          {formats.map((f) => (
            <button key={f.format} type="button" class="small" onClick={() => void results.download(f.format)}>{t(f.key)}</button>
          ))}
        </div>
      </section>
      <FollowUpLinks console={c} results={results} people={people} />
      <EscalationsPanel console={c} esc={escalations} people={people} />
      {facilitator && (
        <section aria-labelledby="delete-heading" class="danger-zone">
          <h3 id="delete-heading">{t('console.delete.heading')}</h3>
          <p class="hint">{t('console.delete.hint')}</p>
          <button type="button" class="small danger" onClick={() => void results.deleteSession()}>{t('console.delete.button')}</button>
        </section>
      )}
    </>
  );
}

function FollowUpLinks({ console: c, results, people }: { console: ConsoleModel; results: ResultsModel; people: PeopleModel }) {
  const actions = c.board.actions.value;
  return (
    <section aria-labelledby="followup-heading">
      <h3 id="followup-heading">{t('console.followUp.heading')}</h3>
      <p class="hint">{t('console.followUp.hint')}</p>
      {actions.length === 0 ? <p class="empty small">{t('console.action.none')}</p> : (
        <form class="stack-form" onSubmit={(e) => { e.preventDefault(); void results.createLink(); }}>
          <fieldset>
            <legend>{t('console.followUp.actions')}</legend>
            {actions.map((a, i) => (
              <label key={a.id} class="choice choice--small">
                <input type="checkbox" checked={results.linkActions.value.has(a.id)} onChange={() => results.toggleAction(a.id)} />
                {clip(a.title || t('console.action.untitled', { n: i + 1 }), 50)}
              </label>
            ))}
          </fieldset>
          <label for="followup-label">{t('console.followUp.label')}</label>
          <input id="followup-label" maxLength={120} value={results.linkLabel.value} onInput={(e) => (results.linkLabel.value = e.currentTarget.value)} />
          <button type="submit" class="small primary">{t('console.followUp.make')}</button>
        </form>
      )}
      <ul class="links">
        {results.links.value.filter((l) => !l.revoked).map((l) => (
          <li key={l.code}>
            <span>{l.label}</span>
            <div class="copy-row">
              <input readOnly value={l.url} aria-label={t('console.followUp.linkFor', { label: l.label })} onFocus={(e) => e.currentTarget.select()} />
              <button type="button" class="small" onClick={() => void people.copy(l.url)}>{t('console.copy')}</button>
              <button type="button" class="small danger" onClick={() => void results.revoke(l.code)}>{t('console.followUp.revoke')}</button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
