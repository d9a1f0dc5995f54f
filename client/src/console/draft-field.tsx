/** A text field that keeps what is being typed (IME included) until it is committed on change, then shows the shared value. */
import { useState } from 'preact/hooks';

interface Props {
  id: string;
  label: string;
  value: string;
  maxLength?: number;
  onCommit(value: string): void;
}

export function DraftField({ id, label, value, maxLength = 200, onCommit }: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        value={draft ?? value}
        maxLength={maxLength}
        onInput={(e) => setDraft(e.currentTarget.value)}
        onChange={(e) => {
          onCommit(e.currentTarget.value.trim());
          setDraft(null);
        }}
      />
    </div>
  );
}
