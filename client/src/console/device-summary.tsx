/**
 * Which devices are with us: residents present of those who joined (participation), and for
 * each tablet on this board that reports it (awareness), how many commands wait in its outbox or
 * were refused. A tablet that dropped off is simply no longer listed: the roster holds only who
 * is online.
 */
import { locale, t } from '../i18n.ts';
import type { ConsoleModel } from './console-model.ts';

export function DeviceSummary({ console: c }: { console: ConsoleModel }) {
  const nf = new Intl.NumberFormat(locale.value);
  const residents = c.conn.pushes.participation.value?.residents ?? null;
  const peers = c.conn.peers?.value ?? [];
  const waiting = peers.filter((p) => (p.outbox?.queued ?? 0) > 0 || (p.outbox?.failed ?? 0) > 0);
  return (
    <section aria-labelledby="devices-heading">
      <h3 id="devices-heading">{t('console.devices.heading')}</h3>
      {residents && (
        <p>{t('console.devices.present', { present: nf.format(residents.present), joined: nf.format(residents.joined), away: nf.format(Math.max(0, residents.joined - residents.present)) })}</p>
      )}
      {waiting.length === 0 ? (
        <p class="hint">{t('console.devices.noQueue')}</p>
      ) : (
        <ul class="devices">
          {waiting.map((p) => (
            <li key={p.clientId}>
              {p.name ?? t('console.people.unnamed')}: {t('console.devices.queued', { n: nf.format(p.outbox?.queued ?? 0) })}
              {(p.outbox?.failed ?? 0) > 0 && <> · {t('console.devices.failed', { n: nf.format(p.outbox?.failed ?? 0) })}</>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
