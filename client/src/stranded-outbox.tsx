/**
 * Changes an earlier identity of this device made in the session and never sent (its token
 * expired, then the person joined again): listed with what they were, and sent as the person is
 * now or let go, as they choose (model/stranded-outbox.ts).
 */
import type { BoardConnection } from './board-connection.ts';
import { t } from './i18n.ts';
import type { StrandedEntry } from './model/stranded-outbox.ts';
import { StrandedOutbox } from './model/stranded-outbox.ts';
import { getSession } from './session-store.ts';
import type { StoredSession } from './session-store.ts';
import { useModel } from './use-model.ts';

/** What a person typed in an entry, when it carries text. */
function typedText(e: StrandedEntry): string | null {
  const p = e.payload;
  for (const field of ['text', 'title']) if (typeof p[field] === 'string') return p[field];
  return null;
}

export function StrandedOutboxNotice({ stored, conn }: { stored: StoredSession; conn: BoardConnection }) {
  const stranded = useModel(() => {
    // Identities this device still holds in the session (its own, a console's big screen) are not stranded.
    const inUse = new Set([stored.participantId, getSession(stored.sessionId)?.participantId, getSession(stored.sessionId, 'screen')?.participantId]
      .filter((id): id is string => typeof id === 'string'));
    return new StrandedOutbox(stored.sessionId, inUse);
  }, [stored.sessionId, stored.participantId]);
  const entries = stranded.entries.value;
  if (entries.length === 0) return null;
  return (
    <section class="notice stranded" aria-labelledby="stranded-heading">
      <h2 id="stranded-heading">{t('outbox.stranded', { count: entries.length })}</h2>
      <ul>
        {entries.map((e) => {
          const text = typedText(e);
          return (
            <li key={`${e.participantId}/${e.key}`}>
              {text === null ? t('outbox.strandedOther') : t('outbox.strandedText', { text })}
              {e.tried && <> {t('outbox.strandedMaybe')}</>}
            </li>
          );
        })}
      </ul>
      <button type="button" class="primary" onClick={() => stranded.send(conn.outbox)}>
        {t('outbox.strandedSend')}
      </button>{' '}
      <button type="button" onClick={() => stranded.discard()}>
        {t('outbox.strandedDiscard')}
      </button>
    </section>
  );
}
