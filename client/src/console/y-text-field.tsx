/**
 * A text input bound to a Y.Text (an action's co-drafted title). The input is uncontrolled:
 * Preact never writes its value, so a re-render cannot reset it. While an IME composition is
 * open (pinyin, say) nothing is written to the Y.Text and remote edits wait; on composition end
 * the field's change is applied as one splice, rebased over what arrived meanwhile.
 */
import { useEffect, useRef } from 'preact/hooks';
import * as Y from 'yjs';
import { diffText, moveCaret, rebaseSplice } from './text-binding.ts';

/** Origin of the console's own Yjs writes, so its observer can tell them from remote ones. */
export const ConsoleOrigin = 'console';

interface Props {
  text: Y.Text;
  id: string;
  label: string;
  maxLength?: number;
}

export function YTextField({ text, id, label, maxLength = 500 }: Props) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const el = input.current;
    if (!el) return;
    let shown = text.toString();
    let composing = false;
    el.value = shown;
    const pushLocal = (): void => {
      const local = diffText(shown, el.value);
      if (local.remove === 0 && local.insert === '') return;
      const now = text.toString();
      const splice = now === shown ? local : rebaseSplice(local, diffText(shown, now));
      text.doc?.transact(() => {
        if (splice.remove > 0) text.delete(splice.index, splice.remove);
        if (splice.insert) text.insert(splice.index, splice.insert);
      }, ConsoleOrigin);
      shown = text.toString();
      if (el.value !== shown) {
        el.value = shown;
        const caret = splice.index + splice.insert.length;
        el.setSelectionRange(caret, caret);
      }
    };
    const pullRemote = (): void => {
      const next = text.toString();
      if (next === el.value) {
        shown = next;
        return;
      }
      const remote = diffText(el.value, next);
      const start = el.selectionStart ?? el.value.length;
      const end = el.selectionEnd ?? start;
      const focused = document.activeElement === el;
      el.value = next;
      shown = next;
      if (focused) el.setSelectionRange(moveCaret(start, remote), moveCaret(end, remote));
    };
    const onInput = (e: Event): void => {
      if (composing || (e as InputEvent).isComposing) return;
      pushLocal();
    };
    const onStart = (): void => {
      composing = true;
    };
    const onEnd = (): void => {
      composing = false;
      pushLocal();
      pullRemote();
    };
    const observer = (_e: Y.YTextEvent, tr: Y.Transaction): void => {
      if (tr.origin === ConsoleOrigin || composing) return;
      pullRemote();
    };
    el.addEventListener('input', onInput);
    el.addEventListener('compositionstart', onStart);
    el.addEventListener('compositionend', onEnd);
    text.observe(observer);
    return () => {
      el.removeEventListener('input', onInput);
      el.removeEventListener('compositionstart', onStart);
      el.removeEventListener('compositionend', onEnd);
      text.unobserve(observer);
    };
  }, [text]);
  return <input ref={input} id={id} aria-label={label} maxLength={maxLength} autocomplete="off" spellcheck={false} />;
}

/** True when a value is a live Y.Text (bound to a doc). */
export function isYText(v: unknown): v is Y.Text {
  return v instanceof Y.Text && v.doc !== null;
}
