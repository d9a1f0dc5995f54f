/** The big screen's side column: how to join (QR code, link, code in big letters) and the live counts. */
import { locale, t, tn } from '../i18n.ts';
import { QrCode } from './qr-code.tsx';
import type { DotsLeft, JoinInfo } from './screen-model.ts';

export function JoinCard({ join }: { join: JoinInfo | null }) {
  if (!join) return null;
  const shownUrl = join.url.replace(/^https?:\/\//, '');
  return (
    <section class="bs-join" aria-labelledby="bs-join-heading">
      <h2 id="bs-join-heading">{t('screen.join.heading')}</h2>
      {join.open ? (
        <>
          <QrCode text={join.url} label={t('screen.join.qr', { url: join.url })} />
          <p class="bs-join-url">
            {t('screen.join.scan')}
            <span lang="en">{shownUrl}</span>
          </p>
          <p class="bs-join-code">
            <span class="bs-join-code-label">{t('screen.join.code')}</span>
            <span class="bs-code" lang="en">{join.code}</span>
          </p>
        </>
      ) : (
        <p class="bs-join-closed">{t('screen.join.closed')}</p>
      )}
    </section>
  );
}

export function LiveCounts({ present, concerns, dotsLeft }: { present: number | null; concerns: number; dotsLeft: DotsLeft | null }) {
  const n = new Intl.NumberFormat(locale.value);
  return (
    <section class="bs-counts" aria-labelledby="bs-counts-heading">
      <h2 id="bs-counts-heading" class="visually-hidden">{t('screen.counts')}</h2>
      <dl>
        {present !== null && (
          <div>
            <dt>{tn('screen.count.present', present)}</dt>
            <dd>{n.format(present)}</dd>
          </div>
        )}
        <div>
          <dt>{tn('screen.count.concerns', concerns)}</dt>
          <dd>{n.format(concerns)}</dd>
        </div>
        {dotsLeft && (
          <div class="bs-count-dots">
            <dt>
              {tn('screen.count.dotsLeft', dotsLeft.withDotsLeft)} <span class="bs-count-of">{t('screen.count.dotsLeftOf', { voters: n.format(dotsLeft.voters) })}</span>
            </dt>
            <dd>{n.format(dotsLeft.withDotsLeft)}</dd>
          </div>
        )}
      </dl>
    </section>
  );
}
