/**
 * A text input bound to a Y.Text (an action's co-drafted title), through the same binding as
 * the tablet's drafting field: Chinese IME compositions are never disturbed by others' edits,
 * and the text never grows past what the server accepts (a refused update would reload the
 * whole board). The input is uncontrolled, so a re-render cannot reset it.
 */
import { useEffect, useRef } from 'preact/hooks';
import type * as Y from 'yjs';
import { MaxDraftTextLength } from '../../../shared/write-paths.ts';
import { DraftBinding } from '../model/draft-binding.ts';

/** Origin of the console's own direct Yjs writes (owner, due date, status). */
export const ConsoleOrigin = 'console';

interface Props {
  text: Y.Text;
  id: string;
  label: string;
}

export function YTextField({ text, id, label }: Props) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!input.current) return;
    // Moderators may always edit action wording (docs/API.md §5).
    const binding = new DraftBinding(text, input.current, { mayWrite: () => true, maxLength: MaxDraftTextLength });
    return () => binding.destroy();
  }, [text]);
  return <input ref={input} id={id} aria-label={label} maxLength={MaxDraftTextLength} autocomplete="off" spellcheck={false} />;
}
