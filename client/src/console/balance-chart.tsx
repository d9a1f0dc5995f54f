/**
 * The participation balance as an SVG bar chart (joined, present, concerns per group or age
 * band) with the same numbers as a table for screen readers and for reading exact values.
 */
import { locale, t } from '../i18n.ts';
import type { BalanceRow } from './participation-model.ts';

const series = [
  { key: 'joined', className: 'bar--joined' },
  { key: 'present', className: 'bar--present' },
  { key: 'notes', className: 'bar--notes' },
] as const;

const ROW = 54;
const BAR = 14;
const LABEL_W = 150;
const WIDTH = 400;

export function BalanceChart({ id, title, rows }: { id: string; title: string; rows: BalanceRow[] }) {
  const nf = new Intl.NumberFormat(locale.value);
  const max = Math.max(1, ...rows.flatMap((r) => [r.joined, r.present, r.notes]));
  const scale = (v: number) => ((WIDTH - LABEL_W - 40) * v) / max;
  const height = rows.length * ROW + 8;
  return (
    <figure class="balance" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      {rows.length === 0 ? <p class="empty small">{t('console.balance.none')}</p> : (
        <>
          <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${id}-title`} aria-describedby={`${id}-table`} class="balance__svg">
            {rows.map((r, i) => (
              <g key={r.key} transform={`translate(0 ${i * ROW + 4})`}>
                <text x={0} y={ROW / 2} class="balance__label" dominant-baseline="middle">{r.label}</text>
                {series.map((s, j) => (
                  <g key={s.key} transform={`translate(${LABEL_W} ${j * (BAR + 2)})`}>
                    <rect class={s.className} width={Math.max(1, scale(r[s.key]))} height={BAR} rx={2} />
                    <text x={scale(r[s.key]) + 4} y={BAR / 2} class="balance__value" dominant-baseline="middle">{nf.format(r[s.key])}</text>
                  </g>
                ))}
              </g>
            ))}
          </svg>
          <ul class="legend" aria-hidden="true">
            {series.map((s) => <li key={s.key}><span class={`swatch ${s.className}`} /> {t(`console.balance.${s.key}`)}</li>)}
          </ul>
          <table id={`${id}-table`} class="balance__table">
            <thead>
              <tr>
                <th scope="col">{title}</th>
                {series.map((s) => <th key={s.key} scope="col">{t(`console.balance.${s.key}`)}</th>)}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key}>
                  <th scope="row">{r.label}</th>
                  {series.map((s) => <td key={s.key}>{nf.format(r[s.key])}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </figure>
  );
}

/** The balance tab. */
export function BalancePanel({ byGroup, byAge, residents }: { byGroup: BalanceRow[]; byAge: BalanceRow[]; residents: { joined: number; present: number; notes: number } | null }) {
  const nf = new Intl.NumberFormat(locale.value);
  return (
    <section aria-labelledby="balance-heading">
      <h3 id="balance-heading">{t('console.balance.heading')}</h3>
      {residents && (
        <p role="status">{t('console.balance.summary', { joined: nf.format(residents.joined), present: nf.format(residents.present), notes: nf.format(residents.notes) })}</p>
      )}
      <p class="hint">{t('console.balance.hint')}</p>
      <BalanceChart id="balance-group" title={t('console.balance.byGroup')} rows={byGroup} />
      <BalanceChart id="balance-age" title={t('console.balance.byAge')} rows={byAge} />
    </section>
  );
}
