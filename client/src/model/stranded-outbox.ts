/**
 * Commands stranded in the outbox of an earlier identity of this device in a session. Outboxes
 * are kept per participant; when a token expires (or the person joins again for another reason)
 * the new join is a new participant, and what the old outbox still held would never be sent.
 * It stays on the device, and is offered to the person: send it as who they are now, or let it go.
 *
 * Sending it as the new participant cannot use the old idempotency scope (keys are the
 * participant's, docs/API.md §6), so an entry that was already sent once (`tried`) may have been
 * applied before its ack was lost: those are marked so the person can check the board first.
 */
import { signal } from '@preact/signals';
import type { Outbox, OutboxEntry } from './outbox.ts';

/** An entry of an identity this device no longer uses in the session. */
export interface StrandedEntry extends OutboxEntry {
  participantId: string;
}

function isEntry(v: unknown): v is OutboxEntry {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.key === 'string' && typeof o.name === 'string' && typeof o.at === 'number' && typeof o.seq === 'number'
    && typeof o.payload === 'object' && o.payload !== null;
}

/**
 * The stored outbox entries of the session's participants other than `inUse` (the identities this
 * device still holds), oldest first, with their storage keys.
 */
function readStranded(storage: Storage, sessionId: string, inUse: ReadonlySet<string>): { entry: StrandedEntry; itemKey: string }[] {
  const prefix = `yishi.outbox.${sessionId}.`;
  const out: { entry: StrandedEntry; itemKey: string }[] = [];
  try {
    for (let i = 0; i < storage.length; i++) {
      const itemKey = storage.key(i);
      if (!itemKey?.startsWith(prefix)) continue;
      // `<participantId>.<key>`: participant ids have no dots (keys may).
      const participantId = itemKey.slice(prefix.length).split('.')[0] ?? '';
      if (participantId === '' || inUse.has(participantId)) continue;
      const v: unknown = JSON.parse(storage.getItem(itemKey) ?? 'null');
      if (isEntry(v)) out.push({ entry: { ...v, participantId }, itemKey });
    }
  } catch {
    // unreadable storage: nothing is offered
  }
  return out.sort((a, b) => a.entry.at - b.entry.at || a.entry.seq - b.entry.seq);
}

/** What an earlier identity left unsent in one session, and the two ways to settle it. */
export class StrandedOutbox {
  readonly entries = signal<StrandedEntry[]>([]);
  private items: { entry: StrandedEntry; itemKey: string }[] = [];

  constructor(private readonly sessionId: string, private readonly inUse: ReadonlySet<string>, private readonly storage: Storage = localStorage) {
    this.refresh();
  }

  /** Sends every entry through `outbox` (the current identity's), in their order, and forgets them here. */
  send(outbox: Outbox): void {
    for (const { entry, itemKey } of this.items) {
      this.remove(itemKey);
      const { key, name, payload } = entry;
      void outbox.enqueue(name, { ...payload, idempotencyKey: key });
    }
    this.refresh();
  }

  /** Forgets every entry without sending it. */
  discard(): void {
    for (const { itemKey } of this.items) this.remove(itemKey);
    this.refresh();
  }

  destroy(): void {
    // nothing held but the signal
  }

  private refresh(): void {
    this.items = readStranded(this.storage, this.sessionId, this.inUse);
    this.entries.value = this.items.map((i) => i.entry);
  }

  private remove(itemKey: string): void {
    try {
      this.storage.removeItem(itemKey);
    } catch {
      // nothing to do
    }
  }
}
