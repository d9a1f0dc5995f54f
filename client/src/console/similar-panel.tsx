/** Suggested duplicates: groups of concerns that probably say the same thing, merged in one tap. */
import { locale, t } from '../i18n.ts';
import type { ConsoleModel } from './console-model.ts';
import type { SimilarModel } from './similar-model.ts';
import { clip } from './board-labels.ts';

export function SimilarPanel({ console: c, similar }: { console: ConsoleModel; similar: SimilarModel }) {
  if (!c.can('suggest:similar')) return <p class="empty small">{t('console.notAllowed')}</p>;
  const views = similar.views.value;
  const clusters = c.board.clusters.value;
  const nf = new Intl.NumberFormat(locale.value, { style: 'percent', maximumFractionDigits: 0 });
  return (
    <section aria-labelledby="similar-heading">
      <h3 id="similar-heading">{t('console.similar.heading')}</h3>
      <p class="hint">{t('console.similar.hint')}</p>
      <button type="button" class="small primary" disabled={similar.loading.value} onClick={() => void similar.refresh()}>
        {t('console.similar.find')}
      </button>
      {similar.groups.value !== null && views.length === 0 && <p class="empty small">{t('console.similar.none')}</p>}
      <ul class="similar">
        {views.map((v, i) => (
          <li key={v.key} class="similar__group">
            <p class="label">{t('console.similar.group', { n: i + 1, score: nf.format(v.score) })}</p>
            <ol>
              {v.notes.map((n, j) => (
                <li key={n.id}>
                  {n.text}
                  {j === 0 && <span class="tag">{t('console.similar.keep')}</span>}
                </li>
              ))}
            </ol>
            <div class="button-row">
              <button type="button" class="small primary" aria-label={t('console.similar.mergeLabel', { text: clip(v.notes[0]?.text ?? '', 30) })} onClick={() => void similar.merge(v)}>
                {t('console.similar.merge')}
              </button>
              {clusters.length > 0 && (
                <select aria-label={t('console.similar.fileLabel', { n: i + 1 })} value="" onChange={(e) => void similar.fileUnder(v, e.currentTarget.value)}>
                  <option value="">{t('console.similar.fileUnder')}</option>
                  {clusters.map((cl) => <option key={cl.id} value={cl.id}>{clip(cl.title, 40)}</option>)}
                </select>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
