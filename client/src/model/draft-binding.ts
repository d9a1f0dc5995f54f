/**
 * Binds a text field to a shared Y.Text (an action's wording): typing becomes small inserts and
 * deletes on the Y.Text, and others' edits update the field with the caret kept in place.
 *
 * Chinese (and other IME) input composes text in the field before committing it: touching the
 * field's value during a composition cancels or garbles it. So while a composition is open the
 * field is left alone: others' edits are applied to the Y.Text (Yjs merges them) and their
 * deltas are remembered; at `compositionend` the local change is mapped through those deltas,
 * written, and the field shows the merged text.
 */
import type * as Y from 'yjs';
import { cutText, splitsPair } from '../../../shared/well-formed-text.ts';

/** The part of a `<textarea>` the binding uses (a fake in unit tests). */
export interface DraftField {
  value: string;
  readonly selectionStart: number | null;
  readonly selectionEnd: number | null;
  setSelectionRange(start: number, end: number): void;
  addEventListener(type: string, listener: (e: Event) => void): void;
  removeEventListener(type: string, listener: (e: Event) => void): void;
}

/** One Y.Text delta op. */
export type DeltaOp = { retain?: number; insert?: unknown; delete?: number };

/** A replacement in a text: `remove` characters at `index`, then `insert` there. */
export interface TextChange {
  index: number;
  remove: number;
  insert: string;
}

const insertLength = (insert: unknown): number => (typeof insert === 'string' ? insert.length : 1);

/**
 * The single replacement that turns `before` into `after`. `caret` (the caret in `after`) breaks
 * ties in repeated characters so the change ends where the person typed ("aa" → "aaa" with the
 * caret at 1 is an insert at 0, not at 2). Its edges never fall inside a surrogate pair: "😀" →
 * "😃" share their first code unit, but an edit of half a pair would reach the server (and every
 * other tablet) as a lone surrogate, which the server refuses and UTF-8 cannot carry.
 */
export function diffText(before: string, after: string, caret = after.length): TextChange {
  const maxSuffix = Math.min(before.length, after.length, Math.max(0, after.length - caret));
  let suffix = 0;
  while (suffix < maxSuffix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  if (splitsPair(before, before.length - suffix) || splitsPair(after, after.length - suffix)) suffix--;
  const maxPrefix = Math.min(before.length, after.length) - suffix;
  let prefix = 0;
  while (prefix < maxPrefix && before[prefix] === after[prefix]) prefix++;
  if (splitsPair(before, prefix) || splitsPair(after, prefix)) prefix--;
  return { index: prefix, remove: before.length - prefix - suffix, insert: after.slice(prefix, after.length - suffix) };
}

/**
 * Where position `index` of the text before `delta` is after it. An insert exactly at `index`
 * pushes the position on only when `after` is true (the end of a range), so a caret stays
 * before text someone else inserted at the same place.
 */
export function mapIndex(index: number, delta: readonly DeltaOp[], after = false): number {
  let pos = 0; // position in the old text
  let shift = 0;
  for (const op of delta) {
    if (pos > index) break;
    if (op.retain !== undefined) pos += op.retain;
    else if (op.insert !== undefined) {
      if (pos < index || (pos === index && after)) shift += insertLength(op.insert);
    } else if (op.delete !== undefined) {
      const gone = Math.min(op.delete, Math.max(0, index - pos));
      shift -= gone;
      pos += op.delete;
    }
  }
  return index + shift;
}

/** What the binding asks about the board when it is about to write. */
export interface DraftRules {
  /** Whether this person may change the text now (act phase, unlocked, for residents). */
  mayWrite(): boolean;
  /** The longest the text may be (the server refuses more, and resets the whole board). */
  maxLength: number;
  /**
   * Told the field's text when a change is not written because `mayWrite` said no (the step
   * left Act as the person typed): the field goes back to the shared text, so this is the only
   * copy of what they typed.
   */
  onRefused?(typed: string): void;
}

/** A field bound to a Y.Text. Call `destroy()` when the field goes away. */
export class DraftBinding {
  private composing = false;
  /** What the field showed when it last matched the Y.Text. */
  private base: string;
  /** Others' deltas applied to the Y.Text since the composition began. */
  private remote: DeltaOp[][] = [];

  constructor(private readonly text: Y.Text, private readonly field: DraftField, private readonly rules: DraftRules) {
    this.base = text.toString();
    field.value = this.base;
    text.observe(this.onRemote);
    field.addEventListener('input', this.onInput);
    field.addEventListener('compositionstart', this.onCompositionStart);
    field.addEventListener('compositionend', this.onCompositionEnd);
  }

  /** True while an IME composition is open in the field. */
  get isComposing(): boolean {
    return this.composing;
  }

  destroy(): void {
    this.text.unobserve(this.onRemote);
    this.field.removeEventListener('input', this.onInput);
    this.field.removeEventListener('compositionstart', this.onCompositionStart);
    this.field.removeEventListener('compositionend', this.onCompositionEnd);
  }

  private readonly onRemote = (event: Y.YTextEvent, tr: Y.Transaction): void => {
    if (tr.origin === this) return;
    const delta = event.delta as DeltaOp[];
    if (this.composing) {
      this.remote.push(delta);
      return;
    }
    const start = this.field.selectionStart;
    const end = this.field.selectionEnd;
    this.show(this.text.toString());
    if (start !== null && end !== null) this.select(mapIndex(start, delta), mapIndex(end, delta));
  };

  private readonly onInput = (e: Event): void => {
    if (this.composing || (e as InputEvent).isComposing) return;
    this.commit(this.base, this.field.value, []);
  };

  private readonly onCompositionStart = (): void => {
    this.composing = true;
    this.remote = [];
  };

  private readonly onCompositionEnd = (): void => {
    this.composing = false;
    const remote = this.remote;
    this.remote = [];
    this.commit(this.base, this.field.value, remote);
  };

  /**
   * Writes the field's change since `before` into the Y.Text, first mapped through `remote`
   * (others' edits the field has not shown), then shows the merged text.
   */
  private commit(before: string, after: string, remote: DeltaOp[][]): void {
    const caret = this.field.selectionEnd ?? after.length;
    const change = diffText(before, after, caret);
    let index = change.index;
    let end = change.index + change.remove;
    for (const delta of remote) {
      index = mapIndex(index, delta);
      end = Math.max(index, mapIndex(end, delta));
    }
    let insert = change.insert;
    const room = this.rules.maxLength - (this.text.length - (end - index));
    // Cut at the limit, but never between the halves of an emoji: then one code unit less.
    if (insert.length > room) insert = cutText(insert, room);
    const changes = end > index || insert.length > 0;
    const writes = changes && this.rules.mayWrite();
    if (changes && !writes) this.rules.onRefused?.(after);
    if (writes && this.text.doc) {
      this.text.doc.transact(() => {
        if (end > index) this.text.delete(index, end - index);
        if (insert) this.text.insert(index, insert);
      }, this);
    }
    const merged = this.text.toString();
    if (merged !== after) {
      this.show(merged);
      if (writes) this.select(index + insert.length, index + insert.length);
      else {
        // Refused (not allowed now): put the caret back where it was in the text the field shows.
        const at = Math.min(change.index, merged.length);
        this.select(at, at);
      }
    } else {
      this.base = merged;
    }
  }

  private show(value: string): void {
    this.base = value;
    if (this.field.value !== value) this.field.value = value;
  }

  private select(start: number, end: number): void {
    const len = this.base.length;
    try {
      this.field.setSelectionRange(Math.min(start, len), Math.min(end, len));
    } catch {
      // some field types refuse selection; the text is right, the caret goes to the end
    }
  }
}
