/**
 * The public results page `/r/<sessionId>`: what a published consultation decided and how each
 * action is followed up. Anyone may read it, without a token; it prints cleanly.
 */
import { useEffect } from 'preact/hooks';
import type { PublicResults } from '../../../shared/results.ts';
import { describeError, locale, t } from '../i18n.ts';
import { useModel } from '../use-model.ts';
import { BoardResults } from './board-results.tsx';
import { EscalationCard } from './escalation-note.tsx';
import { formatMoment } from './format.ts';
import { ProcedureRecord } from './procedure-record.tsx';
import { exportUrl } from './results-api.ts';
import { ResultsModel } from './results-model.ts';
import './results.css';

export function ResultsPage({ sessionId }: { sessionId: string }) {
  const model = useModel(() => new ResultsModel(sessionId), [sessionId]);
  usePrintableFrame();
  const state = model.state.value;
  if (state.kind === 'loading') return <p class="loading" role="status">{t('common.loading')}</p>;
  if (state.kind === 'not-published') {
    return (
      <section class="panel rp-missing" aria-labelledby="rp-missing">
        <h1 id="rp-missing">{t('results.notPublished.heading')}</h1>
        <p>{t('results.notPublished.body')}</p>
        <a class="button primary" href="/">{t('common.home')}</a>
      </section>
    );
  }
  if (state.kind === 'failed') {
    return (
      <section class="panel" role="alert">
        <h1>{t('results.loadFailed')}</h1>
        <p>{describeError(state.code)}</p>
        <button type="button" class="primary" onClick={() => model.reload()}>{t('results.retry')}</button>
      </section>
    );
  }
  return <ResultsView results={state.results} />;
}

function ResultsView({ results }: { results: PublicResults }) {
  const lang = locale.value;
  return (
    <article class="rp" aria-labelledby="rp-title">
      <header class="rp-head">
        <h1 id="rp-title">{results.title}</h1>
        {results.publishedAt !== null && <p class="rp-meta">{t('results.published', { date: formatMoment(results.publishedAt) })}</p>}
        <div class="rp-tools rp-noprint">
          <button type="button" onClick={() => window.print()}>{t('results.print')}</button>
          <nav aria-label={t('results.downloads')}>
            <ul class="rp-downloads">
              {(['md', 'csv', 'json'] as const).map((f) => (
                <li key={f}>
                  <a href={exportUrl(results.sessionId, f, lang)} download>{t(`results.export.${f}`)}</a>
                </li>
              ))}
            </ul>
          </nav>
        </div>
      </header>
      {results.boards.map((b) => <BoardResults key={b.id} board={b} single={results.boards.length === 1} />)}
      {results.incomingEscalations.length > 0 && (
        <section class="rp-board" aria-labelledby="rp-incoming">
          <h2 id="rp-incoming">{t('results.incoming')}</h2>
          {results.incomingEscalations.map((e) => <EscalationCard key={e.id} escalation={e} />)}
        </section>
      )}
      <ProcedureRecord record={results.record} />
    </article>
  );
}

/** While the page is shown, the print stylesheet may drop the app's frame (bar, language switch). */
function usePrintableFrame(): void {
  useEffect(() => {
    document.documentElement.classList.add('rp-printable');
    return () => document.documentElement.classList.remove('rp-printable');
  }, []);
}
