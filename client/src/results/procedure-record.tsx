/**
 * The public procedure record: every step with its time, when the results were published, how
 * many took part, and the participation balance by group and age band (aggregates only).
 */
import type { PublicRecord } from '../../../shared/results.ts';
import { t } from '../i18n.ts';
import { bucketLabel, formatCount, formatMoment } from './format.ts';

export function ProcedureRecord({ record }: { record: PublicRecord }) {
  return (
    <section class="rp-board rp-record" aria-labelledby="rp-record">
      <h2 id="rp-record">{t('results.record')}</h2>
      <dl class="rp-facts rp-facts--big">
        <div>
          <dt>{t('results.record.participants')}</dt>
          <dd>{formatCount(record.participants)}</dd>
        </div>
        <div>
          <dt>{t('results.record.residents')}</dt>
          <dd>{formatCount(record.residents)}</dd>
        </div>
      </dl>
      <section class="rp-section" aria-labelledby="rp-steps">
        <h3 id="rp-steps">{t('results.record.steps')}</h3>
        <table class="rp-table">
          <thead>
            <tr>
              <th scope="col">{t('results.record.time')}</th>
              <th scope="col">{t('results.record.board')}</th>
              <th scope="col">{t('results.record.step')}</th>
            </tr>
          </thead>
          <tbody>
            {timeline(record).map((row, i) => (
              <tr key={i}>
                <td><time dateTime={new Date(row.at).toISOString()}>{formatMoment(row.at)}</time></td>
                <td>{row.board}</td>
                <td>{row.step}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section class="rp-section" aria-labelledby="rp-balance">
        <h3 id="rp-balance">{t('results.balance')}</h3>
        <div class="rp-balance">
          <Balance caption={t('results.balance.byGroup')} head={t('results.balance.bucket')} kind="group" buckets={record.balance.byGroup} />
          <Balance caption={t('results.balance.byAgeBand')} head={t('results.balance.ageBucket')} kind="age" buckets={record.balance.byAgeBand} />
        </div>
      </section>
    </section>
  );
}

/** Phase changes, publications and take-downs in one list by time. */
function timeline(record: PublicRecord): { at: number; board: string; step: string }[] {
  return [
    ...record.phases.map((p) => ({ at: p.at, board: p.boardTitle, step: t(`phase.${p.phase}`) })),
    ...record.published.map((p) => ({ at: p.at, board: '', step: t('results.record.published') })),
    ...record.unpublished.map((p) => ({ at: p.at, board: '', step: t('results.record.unpublished') })),
  ].sort((a, b) => a.at - b.at);
}

function Balance({ caption, head, kind, buckets }: { caption: string; head: string; kind: 'group' | 'age'; buckets: Record<string, { joined: number; notes: number }> }) {
  const rows = Object.entries(buckets).sort((a, b) => b[1].joined - a[1].joined || a[0].localeCompare(b[0]));
  const max = Math.max(1, ...rows.map(([, v]) => v.joined));
  return (
    <table class="rp-table rp-balance-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{head}</th>
          <th scope="col">{t('results.balance.joined')}</th>
          <th scope="col">{t('results.balance.notes')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={3}>{t('results.balance.none')}</td>
          </tr>
        )}
        {rows.map(([key, v]) => (
          <tr key={key}>
            <th scope="row">{bucketLabel(kind, key)}</th>
            <td>
              <span class="rp-mini-bar" aria-hidden="true" style={{ width: `${(4 * v.joined) / max}em` }} />
              {formatCount(v.joined)}
            </td>
            <td>{formatCount(v.notes)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
