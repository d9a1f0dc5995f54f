import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DraftBinding, diffText, mapIndex } from './draft-binding.ts';
import { loneSurrogateAt } from '../../../shared/well-formed-text.ts';
import type { DraftField } from './draft-binding.ts';

/** A textarea stand-in: value, selection, and the events the binding listens to, with counts of value writes. */
class FakeField implements DraftField {
  private text = '';
  selectionStart: number | null = 0;
  selectionEnd: number | null = 0;
  /** How many times the binding wrote `value` (an IME composition must see none). */
  writes = 0;
  private readonly listeners = new Map<string, Set<(e: Event) => void>>();

  get value(): string {
    return this.text;
  }
  set value(v: string) {
    this.writes++;
    this.text = v;
    this.selectionStart = this.selectionEnd = v.length;
  }
  setSelectionRange(start: number, end: number): void {
    this.selectionStart = start;
    this.selectionEnd = end;
  }
  addEventListener(type: string, fn: (e: Event) => void): void {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)!.add(fn);
  }
  removeEventListener(type: string, fn: (e: Event) => void): void {
    this.listeners.get(type)?.delete(fn);
  }
  emit(type: string, extra: object = {}): void {
    for (const fn of this.listeners.get(type) ?? []) fn({ type, ...extra } as unknown as Event);
  }
  /** What the browser does when the person types: the value changes, then `input`. */
  type(value: string, caret = value.length, isComposing = false): void {
    this.text = value;
    this.selectionStart = this.selectionEnd = caret;
    this.emit('input', { isComposing });
  }
}

/** Two docs kept in sync both ways, like two tablets through the server. */
function pair(initial = '') {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on('update', (u: Uint8Array, origin: unknown) => origin !== 'sync' && Y.applyUpdate(b, u, 'sync'));
  b.on('update', (u: Uint8Array, origin: unknown) => origin !== 'sync' && Y.applyUpdate(a, u, 'sync'));
  const ta = a.getMap('actions').set('a1', new Y.Map()).set('title', new Y.Text(initial)) as Y.Text;
  const tb = (b.getMap('actions').get('a1') as Y.Map<unknown>).get('title') as Y.Text;
  return { ta, tb };
}

const allow = { mayWrite: () => true, maxLength: 500 };

describe('diffText and mapIndex', () => {
  it('finds one replacement, placed at the caret among repeated characters', () => {
    expect(diffText('abc', 'abXc', 3)).toEqual({ index: 2, remove: 0, insert: 'X' });
    expect(diffText('aa', 'aaa', 1)).toEqual({ index: 0, remove: 0, insert: 'a' });
    expect(diffText('hello world', 'hello', 5)).toEqual({ index: 5, remove: 6, insert: '' });
    expect(diffText('修电梯', '修好电梯', 2)).toEqual({ index: 1, remove: 0, insert: '好' });
  });

  it('maps positions through inserts and deletes; an insert at a caret leaves the caret before it', () => {
    expect(mapIndex(5, [{ retain: 2 }, { insert: 'xyz' }])).toBe(8);
    expect(mapIndex(2, [{ retain: 2 }, { insert: 'xyz' }])).toBe(2);
    expect(mapIndex(2, [{ retain: 2 }, { insert: 'xyz' }], true)).toBe(5);
    expect(mapIndex(5, [{ retain: 1 }, { delete: 2 }])).toBe(3);
    expect(mapIndex(2, [{ retain: 1 }, { delete: 3 }])).toBe(1);
    expect(mapIndex(1, [{ retain: 3 }, { delete: 3 }])).toBe(1);
  });
});

describe('DraftBinding', () => {
  it('writes typing into the Y.Text as small edits and shows others’ edits with the caret kept', () => {
    const { ta, tb } = pair('Fix the lift');
    const field = new FakeField();
    const binding = new DraftBinding(ta, field, allow);
    expect(field.value).toBe('Fix the lift');
    field.type('Fix the old lift', 'Fix the old'.length);
    expect(tb.toString()).toBe('Fix the old lift');
    // Someone else adds text before the caret: the caret moves with its text.
    tb.insert(0, 'Please ');
    expect(field.value).toBe('Please Fix the old lift');
    expect(field.selectionStart).toBe('Please Fix the old'.length);
    // …and after it: the caret stays.
    tb.insert(tb.length, ' soon');
    expect(field.selectionEnd).toBe('Please Fix the old'.length);
    binding.destroy();
  });

  it('does not touch the field during an IME composition; merges the remote insert after compositionend', () => {
    const { ta, tb } = pair('电梯');
    const field = new FakeField();
    const binding = new DraftBinding(ta, field, allow);
    const writesBefore = field.writes;
    field.setSelectionRange(2, 2);
    field.emit('compositionstart');
    expect(binding.isComposing).toBe(true);
    // Pinyin in progress, shown by the IME in the field, not written to the Y.Text.
    field.type('电梯xiu', 5, true);
    expect(tb.toString()).toBe('电梯');
    // A neighbour types at the start meanwhile.
    tb.insert(0, '三号楼');
    expect(ta.toString()).toBe('三号楼电梯');
    field.type('电梯xiuli', 7, true);
    expect(field.writes).toBe(writesBefore); // the composition was never disturbed
    expect(field.value).toBe('电梯xiuli');
    // The IME commits: the field holds the chosen characters, then compositionend.
    field.type('电梯修理', 4, true);
    field.emit('compositionend');
    expect(binding.isComposing).toBe(false);
    expect(ta.toString()).toBe('三号楼电梯修理');
    expect(tb.toString()).toBe('三号楼电梯修理');
    expect(field.value).toBe('三号楼电梯修理');
    expect(field.selectionStart).toBe('三号楼电梯修理'.length);
    // A trailing input event (some browsers send one after compositionend) changes nothing.
    field.type(field.value, field.value.length);
    expect(tb.toString()).toBe('三号楼电梯修理');
    binding.destroy();
  });

  it('maps a composition through a remote delete that happened before it', () => {
    const { ta, tb } = pair('旧的电梯');
    const field = new FakeField();
    const binding = new DraftBinding(ta, field, allow);
    field.emit('compositionstart');
    field.type('旧的电梯gai', 7, true);
    tb.delete(0, 2); // "电梯"
    field.type('旧的电梯改', 5, true);
    field.emit('compositionend');
    expect(tb.toString()).toBe('电梯改');
    expect(field.value).toBe('电梯改');
    binding.destroy();
  });

  it('refuses to write when the rules say no (not the act phase), restores the shared text and hands over what was typed', () => {
    const { ta, tb } = pair('Shared');
    const field = new FakeField();
    const refused: string[] = [];
    const binding = new DraftBinding(ta, field, { mayWrite: () => false, maxLength: 500, onRefused: (typed) => refused.push(typed) });
    field.type('Shared!!');
    expect(tb.toString()).toBe('Shared');
    expect(field.value).toBe('Shared');
    expect(refused).toEqual(['Shared!!']);
    binding.destroy();
  });

  it('never grows the text past the limit the server enforces', () => {
    const { ta, tb } = pair('x'.repeat(8));
    const field = new FakeField();
    const binding = new DraftBinding(ta, field, { mayWrite: () => true, maxLength: 10 });
    field.type('x'.repeat(8) + 'abcd');
    expect(tb.toString()).toBe('x'.repeat(8) + 'ab');
    expect(field.value).toBe('x'.repeat(8) + 'ab');
    binding.destroy();
  });

  it('never cuts an emoji in half at the limit: a pair that does not fit is left out whole', () => {
    const { ta, tb } = pair('x'.repeat(9));
    const field = new FakeField();
    const binding = new DraftBinding(ta, field, { mayWrite: () => true, maxLength: 10 });
    field.type('x'.repeat(9) + '😀');
    expect(tb.toString()).toBe('x'.repeat(9));
    expect(field.value).toBe('x'.repeat(9));
    field.type('x'.repeat(8) + '😀'); // deleting one x makes room for the whole pair
    expect(tb.toString()).toBe('x'.repeat(8) + '😀');
    binding.destroy();
  });

  it('replacing one emoji by another writes whole pairs, never a lone surrogate', () => {
    const { ta, tb } = pair('ok 😀!');
    const field = new FakeField();
    const binding = new DraftBinding(ta, field, allow);
    const inserts: string[] = [];
    ta.observe((e) => {
      for (const op of e.delta) if (typeof op.insert === 'string') inserts.push(op.insert);
    });
    field.type('ok 😃!', 5); // same first code unit (U+D83D), another second one
    field.type('ok 🈀!', 5); // U+1F200: another first code unit, the same second one as 😀
    expect(inserts).toEqual(['😃', '🈀']);
    expect(inserts.every((t) => loneSurrogateAt(t) === -1)).toBe(true);
    expect(tb.toString()).toBe('ok 🈀!');
    expect(field.value).toBe('ok 🈀!');
    binding.destroy();
  });
});

describe('diffText around surrogate pairs', () => {
  it('widens a change that would start or end inside a pair to the whole pair', () => {
    expect(diffText('😀', '😃')).toEqual({ index: 0, remove: 2, insert: '😃' });
    expect(diffText('a😀b', 'a🈀b', 3)).toEqual({ index: 1, remove: 2, insert: '🈀' });
    expect(diffText('𠮷野家', '𠮷野家😀')).toEqual({ index: 4, remove: 0, insert: '😀' });
    expect(diffText('😀😀', '😀')).toEqual({ index: 2, remove: 2, insert: '' });
  });
});
