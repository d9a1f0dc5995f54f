/**
 * What a person is told about a command the server refused after the device sent it from its
 * outbox (often minutes later, after being offline): the server's message in general, and for a
 * dot that arrived after the vote closed, that it was not counted (the tablet had shown it).
 */
import type { MessageKey } from '../i18n.ts';
import type { OutboxFailure } from './outbox.ts';

/** The message key and its values for one refused outbox command. */
export function outboxRefusal({ entry, error }: Pick<OutboxFailure, 'entry' | 'error'>): { key: MessageKey; vars: Record<string, string> } {
  if (error.code === 'VOTE_CLOSED' && entry.name === 'vote:cast') return { key: 'outbox.voteNotCounted', vars: {} };
  if (error.code === 'VOTE_CLOSED' && entry.name === 'vote:retract') return { key: 'outbox.voteNotTakenBack', vars: {} };
  const text = entry.name === 'note:add' && typeof entry.payload.text === 'string' ? entry.payload.text : null;
  return text === null ? { key: 'outbox.refused', vars: { message: error.message } } : { key: 'outbox.refusedNote', vars: { text, message: error.message } };
}
