/** The console's one modal question (a reason, a label, a typed confirmation), as a native `<dialog>`. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n.ts';
import type { Prompt } from './console-model.ts';

export function PromptDialog({ prompt }: { prompt: Prompt | null }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState('');
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (prompt) {
      setText('');
      if (!d.open) d.showModal();
    } else if (d.open) {
      d.close();
    }
  }, [prompt]);
  const valid = !prompt || (prompt.mustEqual !== undefined ? text === prompt.mustEqual : !prompt.required || text.trim().length > 0);
  const Field = prompt?.multiline ? 'textarea' : 'input';
  return (
    <dialog
      ref={dialog}
      class="console-dialog"
      aria-labelledby="console-dialog-title"
      onCancel={(e) => {
        e.preventDefault();
        prompt?.resolve(null);
      }}
    >
      {prompt && (
        <form
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault();
            if (valid) prompt.resolve(text.trim());
          }}
        >
          <h2 id="console-dialog-title">{prompt.title}</h2>
          <label for="console-dialog-input">{prompt.label}</label>
          <Field
            id="console-dialog-input"
            value={text}
            onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
            required={prompt.required}
            maxLength={500}
            autoFocus
            autocomplete="off"
          />
          <div class="console-dialog__buttons">
            <button type="button" onClick={() => prompt.resolve(null)}>
              {t('console.cancel')}
            </button>
            <button type="submit" class="primary" disabled={!valid}>
              {prompt.confirmLabel ?? t('console.ok')}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
