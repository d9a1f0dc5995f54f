/**
 * The connection as people can trust it: online / offline / syncing, how many commands wait on
 * this device, and "All saved" only when the server has acked every one of them. Also the
 * refusals the server sent back for commands made offline, with its message.
 */
import type { BoardConnection, SaveState } from './board-connection.ts';
import { locale, t } from './i18n.ts';
import { outboxRefusal } from './model/outbox-refusal.ts';
import './connection-badge.css';

function label(s: SaveState): string {
  const count = s.queued;
  switch (s.status) {
    case 'offline':
      return count > 0 ? t('status.offlineQueued', { count }) : t('status.offline');
    case 'connecting':
      return count > 0 ? t('status.connectingQueued', { count }) : t('status.connecting');
    case 'syncing':
      return count > 0 ? t('status.syncingQueued', { count }) : t('status.syncing');
    case 'online':
      return count > 0 || s.sending ? t('status.sending', { count: Math.max(count, 1) }) : t('status.saved');
  }
}

/** The connection's status line (a polite live region: changes are announced, never interrupting). */
export function ConnectionBadge({ conn }: { conn: BoardConnection }) {
  const state = conn.saveState.value;
  const stopped = conn.problem.value !== null;
  const saved = state.lastSavedAt;
  // The tone follows what matters to the person: waiting work is a warning even when online.
  const tone = stopped ? 'offline' : state.status === 'online' && state.queued > 0 ? 'syncing' : state.status;
  const title = saved
    ? t('status.lastSaved', { time: new Intl.DateTimeFormat(locale.value, { timeStyle: 'short' }).format(saved) })
    : undefined;
  return (
    <p class={`status status--${tone}`} role="status" aria-live="polite" title={title}>
      {stopped ? t('status.stopped') : label(state)}
    </p>
  );
}

/** Commands the server refused after all (e.g. the phase moved on while the tablet was offline). */
export function OutboxFailures({ conn }: { conn: BoardConnection }) {
  const failed = conn.outbox.failed.value;
  if (failed.length === 0) return null;
  return (
    <ul class="outbox-failures" role="alert">
      {failed.map((failure) => {
        const { entry } = failure;
        const { key, vars } = outboxRefusal(failure);
        return (
          <li key={entry.key} class="notice notice--problem">
            <p>{t(key, vars)}</p>
            <button type="button" onClick={() => conn.outbox.dismiss(entry.key)}>
              {t('outbox.dismiss')}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
