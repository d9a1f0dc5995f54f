/**
 * Scribe entry: a facilitator or expert writes a concern for a person without a device
 * (`note:add` with `onBehalfOf`). The people written for are remembered on this device so later
 * concerns go to the same person (the server keeps them; it has no list route).
 */
import { signal } from '@preact/signals';
import type { Signal } from '@preact/signals';
import { isQueued } from '../board-connection.ts';
import { t } from '../i18n.ts';
import type { ConsoleModel } from './console-model.ts';

/** A person without a device, as this console knows them. */
export interface ScribedPerson {
  participantId: string;
  name: string;
}

const storageKey = (sessionId: string) => `yishi.console.scribed.${sessionId}`;

function load(sessionId: string): ScribedPerson[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(storageKey(sessionId)) ?? '[]');
    return Array.isArray(v) ? v.filter((p): p is ScribedPerson => typeof p?.participantId === 'string' && typeof p?.name === 'string') : [];
  } catch {
    return [];
  }
}

/** The scribe form's state. */
export class ScribeModel {
  readonly text = signal('');
  /** `''`: a new person (named in `newName`), otherwise a known person's id. */
  readonly person = signal('');
  readonly newName = signal('');
  readonly people: Signal<ScribedPerson[]>;

  constructor(private readonly console: ConsoleModel) {
    this.people = signal(typeof localStorage === 'undefined' ? [] : load(console.stored.sessionId));
  }

  async submit(): Promise<void> {
    const text = this.text.value.trim();
    const name = this.newName.value.trim();
    const known = this.people.value.find((p) => p.participantId === this.person.value);
    if (!text || (!known && !name)) {
      this.console.say('error', () => t('console.scribe.missing'));
      return;
    }
    const onBehalfOf = known ? { participantId: known.participantId } : { name };
    const who = known?.name ?? name;
    const ack = await this.console.run('note:add', { boardId: this.console.boardId, text, onBehalfOf }, () => t('console.scribe.added', { who }));
    if (!ack.ok) return;
    this.text.value = '';
    if (!known && !isQueued(ack) && ack.participantId !== undefined) {
      const person = { participantId: ack.participantId, name };
      this.people.value = [...this.people.value, person];
      this.person.value = person.participantId;
      this.newName.value = '';
      try {
        localStorage.setItem(storageKey(this.console.stored.sessionId), JSON.stringify(this.people.value));
      } catch {
        // not remembered after a reload; the server still knows the person
      }
    }
  }
}
